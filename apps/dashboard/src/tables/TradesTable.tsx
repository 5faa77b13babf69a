import type { TradeDto } from '@aurora/contracts';
import { Badge } from '../ui/Badge';
import { Dec, Timestamp } from '../ui/figures';

/**
 * Fills (GET /trades), newest first as the API pages them. `compact` (the overview's action
 * log) keeps the columns an operator scans and leaves the rest to the Orders & Trades page.
 */
export function TradesTable({ trades, compact = false }: { trades: TradeDto[]; compact?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="data" data-testid="trades-table">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Symbol</th>
            <th>Side</th>
            <th className="right">Price</th>
            <th className="right">Qty</th>
            <th className="right">Quote</th>
            {compact ? null : <th className="right">Fee</th>}
            <th className="right">Fee (quote)</th>
            <th>Maker</th>
            {compact ? null : <th>Order</th>}
          </tr>
        </thead>
        <tbody>
          {trades.map((t) => (
            <tr key={t.id} data-testid={`trade-row-${t.id}`}>
              <td>
                <Timestamp ms={t.time} full={!compact} />
              </td>
              <td>
                {t.symbol}
                {t.strategy ? (
                  <span className="ml-1.5" title="Strategy of the position it belongs to">
                    <Badge>{t.strategy}</Badge>
                  </span>
                ) : null}
              </td>
              <td className={t.side === 'BUY' ? 'text-up' : 'text-down'}>{t.side}</td>
              <td className="right">
                <Dec value={t.price} testId={`trade-${t.id}-price`} />
              </td>
              <td className="right">
                <Dec value={t.qty} testId={`trade-${t.id}-qty`} />
              </td>
              <td className="right">
                <Dec value={t.quote_qty} dp={2} />
              </td>
              {compact ? null : (
                <td className="right">
                  <Dec value={t.commission} /> <span className="text-muted">{t.commission_asset}</span>
                </td>
              )}
              <td className="right">
                <Dec value={t.commission_quote} dp={4} />
                {t.commission_approximate ? (
                  <span className="text-warn" title="converted at an approximate price">
                    ~
                  </span>
                ) : null}
              </td>
              <td>{t.is_maker ? 'maker' : 'taker'}</td>
              {compact ? null : (
                <td className="font-mono text-muted">
                  <span data-num={t.order_id}>{t.order_id}</span>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
