import { useState } from 'react';
import { Sigma } from 'lucide-react';
import type { AnomaliesResponse, AnomalyDto } from '@aurora/contracts';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Num, Timestamp } from '../ui/figures';
import { SeriesChart } from './SeriesChart';
import { STATUS_TONE, seriesKey, seriesName } from './series-labels';
import { useAnomalies } from './use-anomalies';

/**
 * The anomaly observer: robust statistics over the bot's own figures (median/MAD z-scores and a
 * CUSUM for level shifts). Not a model and not advice: each row says which rule fired and why.
 */
export function AnomalyObserverPanel() {
  const query = useAnomalies();
  return (
    <Card title="Anomaly observer (statistics)" icon={<Sigma size={14} />} testId="card-anomaly-observer">
      <QueryView query={query} rows={5}>
        {(data) => <ObserverBody data={data} />}
      </QueryView>
    </Card>
  );
}

function ObserverBody({ data }: { data: AnomaliesResponse }) {
  const [picked, setPicked] = useState<string | null>(null);
  if (data.series.length === 0)
    return (
      <EmptyState>
        Series appear with the first market ticks and orders; each is judged once its window holds enough
        values.
      </EmptyState>
    );
  const selected =
    data.series.find((s) => seriesKey(s) === picked) ??
    data.series.find((s) => s.status === 'ANOMALY') ??
    data.series[0];
  return (
    <div className="flex flex-col gap-3">
      <div className="text-xs text-muted" data-testid="observer-baseline">
        Live PnL baseline:{' '}
        <Badge tone={data.baseline.status === 'LOADED' ? 'up' : 'warn'}>{data.baseline.status}</Badge>{' '}
        {data.baseline.message}
      </div>
      <div className="overflow-x-auto">
        <table className="data" data-testid="observer-series-table">
          <thead>
            <tr>
              <th>Series</th>
              <th>Status</th>
              <th className="right">Last</th>
              <th className="right">Median</th>
              <th className="right">z</th>
              <th className="right">CUSUM ↑/↓</th>
            </tr>
          </thead>
          <tbody>
            {data.series.map((s) => (
              <tr
                key={seriesKey(s)}
                data-testid={`observer-series-${seriesKey(s)}`}
                className={`cursor-pointer ${selected && seriesKey(selected) === seriesKey(s) ? 'bg-raised' : ''}`}
                onClick={() => setPicked(seriesKey(s))}
              >
                <td className="font-medium" title={s.note ?? undefined}>
                  {seriesName(s)}
                </td>
                <td>
                  <Badge tone={STATUS_TONE[s.status]}>{s.status.replace('_', ' ')}</Badge>
                </td>
                <td className="right">
                  <Num value={s.last?.v ?? null} dp={2} suffix={s.unit} />
                </td>
                <td className="right">
                  <Num value={s.median} dp={2} />
                </td>
                <td className="right">
                  <Num value={s.last_z} dp={1} />
                  <span className="text-muted"> / {s.z_threshold}</span>
                </td>
                <td className="right">
                  {s.cusum_threshold === null ? (
                    <span className="text-muted">n/a</span>
                  ) : (
                    <>
                      <Num value={s.cusum_up} dp={1} />/<Num value={s.cusum_down} dp={1} />
                      <span className="text-muted"> / {s.cusum_threshold}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected ? (
        <div>
          <div className="mb-1 text-xs text-muted">
            {seriesName(selected)} — median (dashed) and the ±{selected.z_threshold} z band
            {selected.note ? ` · ${selected.note}` : ''}
          </div>
          <SeriesChart series={selected} />
        </div>
      ) : null}
      <AnomalyList anomalies={data.anomalies} total={data.anomalies_total} />
    </div>
  );
}

function AnomalyList({ anomalies, total }: { anomalies: AnomalyDto[]; total: number }) {
  if (anomalies.length === 0)
    return <EmptyState>No anomaly so far: every judged value stayed within its thresholds.</EmptyState>;
  return (
    <div data-testid="observer-anomalies">
      <div className="mb-1 text-xs text-muted">
        Recent anomalies ({anomalies.length} shown of {total})
      </div>
      <ul className="flex flex-col gap-1.5">
        {anomalies.slice(0, 10).map((a) => (
          <li
            key={a.id}
            className="rounded border border-edge px-2 py-1 text-xs"
            data-testid="observer-anomaly"
          >
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone="down">{a.detector.replace('_', ' ')}</Badge>
              <span className="text-muted">
                <Timestamp ms={a.fired_at} />
              </span>
              <span className="text-muted">
                statistic {a.statistic} vs threshold {a.threshold} · {a.evidence.points.length} values of
                evidence · reference {a.evidence.reference.toLowerCase()}
              </span>
            </div>
            <div className="mt-0.5">{a.message}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
