import type { IntentStatus, OrderDto, OrderStatus } from '@aurora/contracts';
import { Badge, type BadgeTone } from '../ui/Badge';
import { Dec, Timestamp } from '../ui/figures';

const STATUS_TONE: Record<OrderStatus, BadgeTone> = {
  NEW: 'accent',
  PARTIALLY_FILLED: 'accent',
  FILLED: 'up',
  CANCELED: 'neutral',
  PENDING_CANCEL: 'warn',
  REJECTED: 'down',
  EXPIRED: 'neutral',
  EXPIRED_IN_MATCH: 'neutral',
};

const INTENT_TONE: Record<IntentStatus, BadgeTone> = {
  CREATED: 'neutral',
  SUBMITTING: 'accent',
  ACKED: 'up',
  REJECTED: 'down',
  UNKNOWN: 'warn',
  NOT_FOUND: 'down',
};

/** Orders with their intent (the bot's side) and exchange status (Binance's side). */
export function OrdersTable({ orders }: { orders: OrderDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="data" data-testid="orders-table">
        <thead>
          <tr>
            <th>Created (UTC)</th>
            <th>Symbol</th>
            <th>Side</th>
            <th>Type</th>
            <th>Purpose</th>
            <th>Intent</th>
            <th>Status</th>
            <th className="right">Price</th>
            <th className="right">Qty</th>
            <th className="right">Filled</th>
            <th className="right">Avg price</th>
            <th>Client order id</th>
            <th>Reject reason</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.intent_id} data-testid={`order-row-${o.intent_id}`}>
              <td>
                <Timestamp ms={o.created_at} full />
              </td>
              <td>{o.symbol}</td>
              <td className={o.side === 'BUY' ? 'text-up' : 'text-down'}>{o.side}</td>
              <td>
                {o.type}
                {o.time_in_force ? <span className="text-muted"> {o.time_in_force}</span> : null}
              </td>
              <td>{o.purpose}</td>
              <td>
                <Badge tone={INTENT_TONE[o.intent_status]}>{o.intent_status}</Badge>
              </td>
              <td>
                {o.status ? (
                  <Badge tone={STATUS_TONE[o.status]}>{o.status}</Badge>
                ) : (
                  <span className="text-muted">—</span>
                )}
              </td>
              <td className="right">
                <Dec value={o.price} />
              </td>
              <td className="right">
                <Dec value={o.quantity} testId={`order-${o.intent_id}-qty`} />
              </td>
              <td className="right">
                <Dec value={o.filled_qty} />
              </td>
              <td className="right">
                <Dec value={o.avg_price} />
              </td>
              <td className="font-mono text-muted">
                <span
                  data-num={o.client_order_id}
                  title={o.client_order_id}
                  className="inline-block max-w-36 truncate align-bottom"
                >
                  {o.client_order_id}
                </span>
              </td>
              <td className="min-w-40 text-down whitespace-normal wrap-anywhere">{o.reject_reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
