import { ShieldCheck } from 'lucide-react';
import { GATE_LABEL, GATE_ORDER } from '../decision/gate-labels';
import { latestDecision } from '../decision/recent-decisions';
import { VerdictPill } from '../decision/VerdictPill';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Dec } from '../ui/figures';

/** The latest decision's verdict at every gate, with the reason each gave. */
export function TradeEligibilityCard() {
  return (
    <Card title="Trade eligibility" icon={<ShieldCheck size={14} />} testId="card-trade-eligibility">
      <WithState rows={4}>
        {(state) => {
          const decision = latestDecision(state);
          if (!decision)
            return <EmptyState>Each gate's verdict on the latest proposal appears here.</EmptyState>;
          const p = decision.proposal;
          return (
            <div className="flex flex-col gap-2">
              <div className="flex items-center gap-2 text-xs">
                <span className="font-medium">{p.symbol}</span>
                <span className={p.side === 'BUY' ? 'text-up' : 'text-down'}>{p.side}</span>
                <Dec value={decision.adjusted_quantity ?? p.quantity} /> @ <Dec value={p.entry_price} />
                <span className="ml-auto">
                  <VerdictPill verdict={decision.final_decision} testId="eligibility-final" />
                </span>
              </div>
              {GATE_ORDER.map((gate) => {
                const g = decision.gates.find((v) => v.gate === gate) ?? null;
                return (
                  <div
                    key={gate}
                    data-testid={`eligibility-${gate}`}
                    className="grid grid-cols-[8rem_4.5rem_1fr] items-start gap-2 text-xs"
                  >
                    <span className="text-muted">{GATE_LABEL[gate]}</span>
                    <VerdictPill verdict={g?.verdict ?? null} />
                    <span className="min-w-0 break-words" title={g?.reason}>
                      {g ? g.reason : 'not reached'}
                    </span>
                  </div>
                );
              })}
            </div>
          );
        }}
      </WithState>
    </Card>
  );
}
