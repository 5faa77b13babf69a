import { useState } from 'react';
import { History } from 'lucide-react';
import { PAGE_SIZE, usePositionsPage } from '../api/queries';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Dec, Timestamp } from '../ui/figures';
import { Pagination } from '../ui/Pagination';
import { POSITION_STATUS_TONE } from './position-status';

/** Finished positions (GET /positions?status=closed), paged. */
export function ClosedPositionsTable({ onDetails }: { onDetails: (id: string) => void }) {
  const [offset, setOffset] = useState(0);
  const query = usePositionsPage('closed', offset);
  return (
    <Card title="Closed positions" icon={<History size={14} />} testId="card-closed-positions">
      <QueryView query={query} rows={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>Positions move here once fully exited or cancelled.</EmptyState>
          ) : (
            <>
              <div className="overflow-x-auto">
                <table className="data" data-testid="closed-positions-table">
                  <thead>
                    <tr>
                      <th>Closed (UTC)</th>
                      <th>Symbol</th>
                      <th>Side</th>
                      <th>Status</th>
                      <th className="right">Qty</th>
                      <th className="right">Avg entry</th>
                      <th className="right">Avg exit</th>
                      <th className="right">Realized PnL</th>
                      <th className="right">Fees</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((p) => (
                      <tr key={p.id} data-testid={`closed-position-row-${p.id}`}>
                        <td>
                          <Timestamp ms={p.closed_at ?? p.updated_at} full />
                        </td>
                        <td className="font-medium">
                          {p.symbol}
                          {p.tags.strategy ? (
                            <span className="ml-1.5" title="Strategy that opened it">
                              <Badge>{p.tags.strategy}</Badge>
                            </span>
                          ) : null}
                        </td>
                        <td className={p.side === 'BUY' ? 'text-up' : 'text-down'}>{p.side}</td>
                        <td>
                          <Badge tone={POSITION_STATUS_TONE[p.status]}>{p.status}</Badge>
                        </td>
                        <td className="right">
                          <Dec value={p.filled_qty} />
                        </td>
                        <td className="right">
                          <Dec value={p.avg_entry_price} />
                        </td>
                        <td className="right">
                          <Dec value={p.avg_exit_price} />
                        </td>
                        <td className="right font-medium">
                          <Dec value={p.realized_pnl} dp={2} signed colored />
                        </td>
                        <td className="right">
                          <Dec value={p.commission_total_quote} dp={4} />
                        </td>
                        <td className="right">
                          <Button onClick={() => onDetails(p.id)}>Details</Button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination
                offset={offset}
                pageSize={PAGE_SIZE}
                total={page.total}
                onOffset={setOffset}
                testId="closed-positions-pages"
              />
            </>
          )
        }
      </QueryView>
    </Card>
  );
}
