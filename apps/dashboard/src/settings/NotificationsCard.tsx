import { BellRing } from 'lucide-react';
import { useNotifications } from '../api/queries';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Num, Timestamp } from '../ui/figures';

/** Channel health and the webhook deliveries that failed for good (host only: webhook URLs hold secrets). */
export function NotificationsCard() {
  const query = useNotifications();
  return (
    <Card title="Notifications" icon={<BellRing size={14} />} testId="card-notifications">
      <QueryView query={query} rows={3}>
        {(n) => (
          <div className="flex flex-col gap-3 text-xs">
            <div data-testid="notify-telegram">
              Telegram:{' '}
              {n.telegram.enabled ? (
                <>
                  {n.telegram.polling ? 'polling' : 'not polling'} · {n.telegram.chats} chat(s) · sent <Num value={n.telegram.sent} /> · failed{' '}
                  <Num value={n.telegram.send_failures} /> · ignored updates <Num value={n.telegram.ignored_updates} />
                  {n.telegram.last_error ? <div className="break-words text-down">{n.telegram.last_error}</div> : null}
                </>
              ) : (
                <span className="text-muted">off (set AURORA_TELEGRAM_BOT_TOKEN and AURORA_TELEGRAM_CHAT_IDS)</span>
              )}
            </div>
            <div data-testid="notify-webhooks">
              Webhooks: {n.webhooks.configured} configured · pending <Num value={n.webhooks.pending} /> · delivered{' '}
              <Num value={n.webhooks.delivered} /> · failed <Num value={n.webhooks.failed} /> · dropped <Num value={n.webhooks.dropped} />
            </div>
            {n.failed_deliveries.length === 0 ? (
              <EmptyState>Webhook deliveries that fail after every retry are listed here.</EmptyState>
            ) : (
              <ul data-testid="failed-deliveries" className="flex max-h-72 flex-col gap-1.5 overflow-y-auto">
                {n.failed_deliveries.map((f) => (
                  <li key={f.id} className="rounded border border-down/30 bg-down/5 px-2 py-1">
                    <div className="flex items-center gap-2">
                      <span className="font-semibold text-down">{f.webhook_id}</span>
                      <span className="text-muted">{f.host}</span>
                      <span>{f.kind}</span>
                      <span className="ml-auto text-muted">
                        <Timestamp ms={f.failed_at} />
                      </span>
                    </div>
                    <div className="break-words">
                      {f.title}: {f.last_error} after {f.attempts} attempt(s)
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </QueryView>
    </Card>
  );
}
