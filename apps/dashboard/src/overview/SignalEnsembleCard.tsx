import { Radar } from 'lucide-react';
import type { Signal } from '@aurora/contracts';
import { latestDecision } from '../decision/recent-decisions';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Num, Timestamp } from '../ui/figures';

const DIRECTION_TONE: Record<Signal['direction'], string> = {
  LONG: 'text-up',
  SHORT: 'text-down',
  FLAT: 'text-muted',
};

/** A bar for a value in −1..1 (strength) or 0..1 (confidence); values outside are clamped for drawing only. */
function Bar({ value, tone }: { value: number; tone: string }) {
  const width = Math.min(1, Math.abs(value)) * 100;
  return (
    <div className="h-1.5 w-full overflow-hidden rounded bg-edge/60">
      <div className={`h-full ${tone}`} style={{ width: `${width}%` }} />
    </div>
  );
}

export function SignalEnsembleCard() {
  return (
    <Card title="Signal ensemble" icon={<Radar size={14} />} testId="card-signal-ensemble">
      <WithState rows={4}>
        {(state) => {
          const decision = latestDecision(state);
          if (!decision || decision.signals.length === 0)
            return <EmptyState>The signals behind the latest strategy decision appear here.</EmptyState>;
          return (
            <div className="flex flex-col gap-2">
              <div className="flex items-center justify-between text-xs text-muted">
                <span>
                  <span className="font-medium text-fg">{decision.proposal.symbol}</span> ·{' '}
                  <Timestamp ms={decision.decided_at} /> UTC
                </span>
                <span>strength · confidence</span>
              </div>
              {decision.signals.map((s) => (
                <div
                  key={s.name}
                  data-testid={`signal-${s.name}`}
                  className="grid grid-cols-[7rem_3.5rem_1fr_1fr] items-center gap-2 text-xs"
                >
                  <span className="truncate" title={s.name}>
                    {s.name}
                  </span>
                  <span className={`font-semibold ${DIRECTION_TONE[s.direction]}`}>{s.direction}</span>
                  <div className="flex items-center gap-1.5">
                    <Bar value={s.strength} tone={s.strength >= 0 ? 'bg-up' : 'bg-down'} />
                    <Num
                      value={s.strength}
                      dp={2}
                      className="w-10 text-right"
                      testId={`signal-${s.name}-strength`}
                    />
                  </div>
                  <div className="flex items-center gap-1.5">
                    <Bar value={s.confidence} tone="bg-accent" />
                    <Num
                      value={s.confidence}
                      dp={2}
                      className="w-10 text-right"
                      testId={`signal-${s.name}-confidence`}
                    />
                  </div>
                </div>
              ))}
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
