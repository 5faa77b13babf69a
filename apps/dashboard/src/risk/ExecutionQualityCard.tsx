import { Activity } from 'lucide-react';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Num } from '../ui/figures';

/** Order latency per symbol and the TCA summary that adapts entries (order type, size). */
export function ExecutionQualityCard() {
  return (
    <Card title="Execution quality" icon={<Activity size={14} />} testId="card-execution-quality">
      <WithState rows={4}>
        {(state) => {
          const tca = state.tca;
          return (
            <div className="flex flex-col gap-3">
              <div className="grid grid-cols-3 gap-3 text-xs sm:grid-cols-6" data-testid="tca-summary">
                <div>
                  <div className="text-muted">TCA trades</div>
                  <Num value={tca.trades} testId="tca-trades" />
                </div>
                <div>
                  <div className="text-muted">Avg slippage</div>
                  <Num value={tca.avg_slippage_bps} dp={2} suffix="bps" />
                </div>
                <div>
                  <div className="text-muted">Avg shortfall</div>
                  <Num value={tca.avg_shortfall_bps} dp={2} suffix="bps" />
                </div>
                <div>
                  <div className="text-muted">Avg impact</div>
                  <Num value={tca.avg_impact_bps} dp={2} suffix="bps" />
                </div>
                <div>
                  <div className="text-muted">Size factor</div>
                  <Num value={tca.size_factor} dp={2} suffix="×" testId="tca-size-factor" />
                </div>
                <div>
                  <div className="text-muted">Entry override</div>
                  {tca.entry_type_override ? <Badge tone="warn">{tca.entry_type_override}</Badge> : 'none'}
                </div>
              </div>
              {state.latency.length === 0 ? (
                <EmptyState>
                  Placement and ack-to-fill latency percentiles appear after the first orders.
                </EmptyState>
              ) : (
                <div className="overflow-x-auto">
                  <table className="data" data-testid="latency-table">
                    <thead>
                      <tr>
                        <th>Symbol</th>
                        <th className="right">Samples</th>
                        <th className="right">Place p50</th>
                        <th className="right">p95</th>
                        <th className="right">p99</th>
                        <th className="right">Ack→fill p50</th>
                        <th className="right">p95</th>
                        <th>Entries</th>
                      </tr>
                    </thead>
                    <tbody>
                      {state.latency.map((l) => (
                        <tr key={l.symbol} data-testid={`latency-${l.symbol}`}>
                          <td className="font-medium">{l.symbol}</td>
                          <td className="right">
                            <Num value={l.samples} />
                          </td>
                          <td className="right">
                            <Num value={l.placement_p50_ms} dp={0} suffix="ms" />
                          </td>
                          <td className="right">
                            <Num value={l.placement_p95_ms} dp={0} suffix="ms" />
                          </td>
                          <td className="right">
                            <Num value={l.placement_p99_ms} dp={0} suffix="ms" />
                          </td>
                          <td className="right">
                            <Num value={l.ack_to_fill_p50_ms} dp={0} suffix="ms" />
                          </td>
                          <td className="right">
                            <Num value={l.ack_to_fill_p95_ms} dp={0} suffix="ms" />
                          </td>
                          <td title={l.reason ?? undefined}>
                            {l.paused ? <Badge tone="down">paused</Badge> : <Badge tone="up">allowed</Badge>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
