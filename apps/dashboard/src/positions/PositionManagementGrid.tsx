import { useState } from 'react';
import { Crosshair, Eye, XCircle } from 'lucide-react';
import type { PositionDto } from '@aurora/contracts';
import { useServerNow } from '../live/server-clock';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Age, Dec } from '../ui/figures';
import { ClosePositionDialog } from './ClosePositionDialog';
import { isActivePosition, POSITION_STATUS_TONE } from './position-status';

/** Open positions with live mark and unrealized PnL (pushed); details and close per row. */
export function PositionManagementGrid({ onDetails }: { onDetails: (id: string) => void }) {
  const now = useServerNow();
  const [closing, setClosing] = useState<PositionDto | null>(null);
  return (
    <Card title="Open positions" icon={<Crosshair size={14} />} testId="card-positions-grid">
      <WithState rows={5}>
        {(state) => {
          const positions = state.positions.filter(isActivePosition);
          if (positions.length === 0)
            return <EmptyState>Positions appear here the moment an entry order fills.</EmptyState>;
          return (
            <div className="overflow-x-auto">
              <table className="data" data-testid="positions-table">
                <thead>
                  <tr>
                    <th>Symbol</th>
                    <th>Side</th>
                    <th>Status</th>
                    <th className="right">Open qty</th>
                    <th className="right">Avg entry</th>
                    <th className="right">Mark</th>
                    <th className="right">Unrealized</th>
                    <th className="right">Realized</th>
                    <th className="right">Stop</th>
                    <th className="right">Take profit</th>
                    <th className="right">Trailing</th>
                    <th className="right">Age</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {positions.map((p) => (
                    <tr key={p.id} data-testid={`position-row-${p.id}`} data-symbol={p.symbol}>
                      <td className="font-medium">
                        {p.symbol}
                        {p.tags.strategy ? (
                          <span className="ml-1.5" title="Strategy that opened it">
                            <Badge testId={`position-strategy-${p.id}`}>{p.tags.strategy}</Badge>
                          </span>
                        ) : null}
                        {p.review_flag ? (
                          <span className="ml-1.5" title={p.review_flag}>
                            <Badge tone="warn">review</Badge>
                          </span>
                        ) : null}
                      </td>
                      <td className={p.side === 'BUY' ? 'text-up' : 'text-down'}>{p.side}</td>
                      <td>
                        <Badge tone={POSITION_STATUS_TONE[p.status]} testId={`position-${p.id}-status`}>
                          {p.status}
                        </Badge>
                      </td>
                      <td className="right">
                        <Dec value={p.open_qty} testId={`position-${p.id}-qty`} />
                      </td>
                      <td className="right">
                        <Dec value={p.avg_entry_price} testId={`position-${p.id}-entry`} />
                      </td>
                      <td className="right">
                        <Dec value={p.mark_price} testId={`position-${p.id}-mark`} />
                      </td>
                      <td className="right font-medium">
                        <Dec
                          value={p.unrealized_pnl}
                          dp={2}
                          signed
                          colored
                          testId={`position-${p.id}-upnl`}
                        />
                      </td>
                      <td className="right">
                        <Dec value={p.realized_pnl} dp={2} signed colored />
                      </td>
                      <td className="right">
                        <Dec value={p.stop_price} />
                      </td>
                      <td className="right">
                        <Dec value={p.take_profit_price} />
                      </td>
                      <td className="right">
                        <Dec value={p.trailing_stop_price} />
                      </td>
                      <td className="right">
                        <Age since={p.opened_at ?? p.created_at} now={now} />
                      </td>
                      <td className="right">
                        <span className="inline-flex gap-1">
                          <Button
                            data-testid={`position-${p.id}-details`}
                            title="Details: decision, orders, fills, TCA"
                            aria-label="Details"
                            onClick={() => onDetails(p.id)}
                          >
                            <Eye size={13} />
                          </Button>
                          <Button
                            tone="danger"
                            data-testid={`position-${p.id}-close`}
                            disabled={p.status === 'Closing' || p.status === 'Pending'}
                            onClick={() => setClosing(p)}
                          >
                            <XCircle size={12} /> Close
                          </Button>
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </WithState>
      {closing ? <ClosePositionDialog position={closing} onClose={() => setClosing(null)} /> : null}
    </Card>
  );
}
