import { useState } from 'react';
import { Workflow } from 'lucide-react';
import type { DecisionEnvelope } from '@aurora/contracts';
import { GATE_LABEL, GATE_ORDER } from '../decision/gate-labels';
import { recentDecisionsNewestFirst } from '../decision/recent-decisions';
import { DecisionModal } from '../decision/DecisionModal';
import { Badge } from '../ui/Badge';
import { VerdictPill } from '../decision/VerdictPill';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Timestamp } from '../ui/figures';

const ROWS = 12;

/** Each gate's verdict over the recent decisions; a row opens the full envelope. */
export function DecisionPipelineVisual() {
  const [open, setOpen] = useState<DecisionEnvelope | null>(null);
  return (
    <Card title="Decision pipeline" icon={<Workflow size={14} />} testId="card-decision-pipeline">
      <WithState rows={6}>
        {(state) => {
          const decisions = recentDecisionsNewestFirst(state).slice(0, ROWS);
          if (decisions.length === 0)
            return (
              <EmptyState>
                Every proposal the strategy or an operator makes shows here, gate by gate.
              </EmptyState>
            );
          return (
            <div className="overflow-x-auto">
              <table className="data">
                <thead>
                  <tr>
                    <th>Time (UTC)</th>
                    <th>Symbol</th>
                    <th>Side</th>
                    {GATE_ORDER.map((g) => (
                      <th key={g}>{GATE_LABEL[g]}</th>
                    ))}
                    <th>Final</th>
                  </tr>
                </thead>
                <tbody>
                  {decisions.map((d) => (
                    <tr
                      key={d.id}
                      data-testid={`pipeline-row-${d.id}`}
                      className="cursor-pointer"
                      onClick={() => setOpen(d)}
                      title="Open the decision envelope"
                    >
                      <td>
                        <Timestamp ms={d.decided_at} />
                      </td>
                      <td>
                        {d.proposal.symbol}
                        <span className="ml-1.5" title="Who proposed it">
                          <Badge>{d.strategy}</Badge>
                        </span>
                      </td>
                      <td className={d.proposal.side === 'BUY' ? 'text-up' : 'text-down'}>
                        {d.proposal.side}
                      </td>
                      {GATE_ORDER.map((g) => (
                        <td key={g}>
                          <VerdictPill verdict={d.gates.find((v) => v.gate === g)?.verdict ?? null} />
                        </td>
                      ))}
                      <td>
                        <VerdictPill verdict={d.final_decision} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </WithState>
      {open ? <DecisionModal decision={open} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}
