import { useState } from 'react';
import { Filter, ListChecks } from 'lucide-react';
import { GateName, type DecisionEnvelope } from '@aurora/contracts';
import { PAGE_SIZE, useConfig, useDecisions, type DecisionFilter } from '../api/queries';
import { DecisionModal } from '../decision/DecisionModal';
import { GATE_LABEL } from '../decision/gate-labels';
import { VerdictPill } from '../decision/VerdictPill';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Dec, Num, Timestamp } from '../ui/figures';
import { Pagination } from '../ui/Pagination';

/** Every decision, filterable by outcome, blocking layer and proposer; a row opens the envelope. */
export function DecisionsPage() {
  const [filter, setFilter] = useState<DecisionFilter>({});
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<DecisionEnvelope | null>(null);
  const decisions = useDecisions(offset, filter);
  const config = useConfig();
  // The proposers the config names now; a past one is still found by the filter's value.
  const strategies = [
    ...new Set([
      'ensemble',
      ...Object.values(config.data?.config.strategy.per_symbol ?? {}).map((c) => c.name),
      'manual',
    ]),
  ];

  const update = (next: DecisionFilter) => {
    setFilter(next);
    setOffset(0);
  };

  return (
    <Card
      title="Decisions"
      icon={<ListChecks size={14} />}
      testId="card-decisions"
      actions={
        <div className="flex items-center gap-2 text-xs">
          <Filter size={13} className="text-muted" />
          <select
            aria-label="Outcome"
            data-testid="decisions-outcome"
            className="py-0 text-xs"
            value={filter.outcome ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              update({ ...filter, outcome: v === 'ALLOW' || v === 'BLOCK' ? v : undefined });
            }}
          >
            <option value="">Any outcome</option>
            <option value="ALLOW">Allowed</option>
            <option value="BLOCK">Blocked</option>
          </select>
          <select
            aria-label="Blocking layer"
            data-testid="decisions-layer"
            className="py-0 text-xs"
            value={filter.layer ?? ''}
            onChange={(e) => {
              const parsed = GateName.safeParse(e.target.value);
              update({ ...filter, layer: parsed.success ? parsed.data : undefined });
            }}
          >
            <option value="">Any blocking layer</option>
            {GateName.options.map((g) => (
              <option key={g} value={g}>
                {GATE_LABEL[g]}
              </option>
            ))}
          </select>
          <select
            aria-label="Strategy"
            data-testid="decisions-strategy"
            className="py-0 text-xs"
            value={filter.strategy ?? ''}
            onChange={(e) => update({ ...filter, strategy: e.target.value || undefined })}
          >
            <option value="">Any strategy</option>
            {strategies.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <QueryView query={decisions} rows={8}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>
              {filter.outcome || filter.layer || filter.strategy
                ? 'No decision matches these filters.'
                : 'Every proposal the strategy or an operator makes is recorded here with each gate’s verdict.'}
            </EmptyState>
          ) : (
            <>
              <div className="overflow-x-auto">
                <table className="data" data-testid="decisions-table">
                  <thead>
                    <tr>
                      <th>Decided (UTC)</th>
                      <th>Symbol</th>
                      <th>Side</th>
                      <th>Strategy</th>
                      <th className="right">Qty</th>
                      <th className="right">Entry</th>
                      <th className="right">Confidence</th>
                      <th>Outcome</th>
                      <th>Blocked at</th>
                      <th>Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((d) => {
                      const blocking = d.blocking_layer
                        ? d.gates.find((g) => g.gate === d.blocking_layer)
                        : undefined;
                      return (
                        <tr
                          key={d.id}
                          data-testid={`decision-row-${d.id}`}
                          className="cursor-pointer"
                          onClick={() => setOpen(d)}
                        >
                          <td>
                            <Timestamp ms={d.decided_at} full />
                          </td>
                          <td className="font-medium">{d.proposal.symbol}</td>
                          <td className={d.proposal.side === 'BUY' ? 'text-up' : 'text-down'}>
                            {d.proposal.side}
                          </td>
                          <td data-testid={`decision-strategy-${d.id}`}>
                            <span title={d.params_id ? `params ${d.params_id}` : 'an operator\u2019s proposal'}>
                              <Badge>{d.strategy}</Badge>
                            </span>
                          </td>
                          <td className="right">
                            <Dec value={d.adjusted_quantity ?? d.proposal.quantity} />
                          </td>
                          <td className="right">
                            <Dec value={d.proposal.entry_price} />
                          </td>
                          <td className="right">
                            <Num value={d.proposal.confidence} dp={2} />
                          </td>
                          <td>
                            <VerdictPill verdict={d.final_decision} />
                          </td>
                          <td>{d.blocking_layer ? GATE_LABEL[d.blocking_layer] : ''}</td>
                          <td className="max-w-md truncate text-muted" title={blocking?.reason}>
                            {blocking?.reason ?? ''}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pagination
                offset={offset}
                pageSize={PAGE_SIZE}
                total={page.total}
                onOffset={setOffset}
                testId="decisions-pages"
              />
            </>
          )
        }
      </QueryView>
      {open ? <DecisionModal decision={open} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}
