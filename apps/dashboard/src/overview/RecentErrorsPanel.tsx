import { Bug } from 'lucide-react';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Num, Timestamp } from '../ui/figures';

export function RecentErrorsPanel() {
  return (
    <Card title="Recent errors" icon={<Bug size={14} />} testId="card-recent-errors">
      <WithState rows={4}>
        {(state) => {
          const errors = [...state.recent_errors].sort((a, b) => b.at - a.at);
          if (errors.length === 0)
            return (
              <EmptyState>Errors the bot records (venue, stream, persistence) are listed here.</EmptyState>
            );
          return (
            <ul className="flex max-h-72 flex-col gap-1.5 overflow-y-auto">
              {errors.map((e) => (
                <li
                  key={e.id}
                  data-testid={`error-${e.id}`}
                  className="rounded border border-down/30 bg-down/5 px-2 py-1 text-xs"
                >
                  <div className="flex items-center gap-2">
                    <span className="font-semibold text-down">{e.code}</span>
                    <span className="text-muted">{e.source}</span>
                    {e.count > 1 ? (
                      <span className="text-muted">
                        ×<Num value={e.count} />
                      </span>
                    ) : null}
                    <span className="ml-auto text-muted">
                      <Timestamp ms={e.at} />
                    </span>
                  </div>
                  <div className="break-words">{e.message}</div>
                </li>
              ))}
            </ul>
          );
        }}
      </WithState>
    </Card>
  );
}
