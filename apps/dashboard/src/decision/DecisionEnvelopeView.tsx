import type { ReactNode } from 'react';
import type { DecisionEnvelope } from '@aurora/contracts';
import { Dec, Num, Timestamp } from '../ui/figures';
import { Badge } from '../ui/Badge';
import { GATE_LABEL, GATE_ORDER } from './gate-labels';
import { InputsList } from './InputsList';
import { VerdictPill } from './VerdictPill';

/** The whole decision envelope: proposal, signals, every gate's verdict and why. */
export function DecisionEnvelopeView({ decision }: { decision: DecisionEnvelope }) {
  const p = decision.proposal;
  return (
    <div data-testid="decision-envelope" className="flex flex-col gap-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <VerdictPill verdict={decision.final_decision} testId="envelope-final" />
        {decision.blocking_layer ? (
          <Badge tone="down" testId="envelope-blocking-layer">
            blocked at {GATE_LABEL[decision.blocking_layer]}
          </Badge>
        ) : null}
        <span className="font-mono text-xs text-muted" data-testid="envelope-id">
          {decision.id}
        </span>
        <span className="ml-auto text-xs text-muted">
          decided <Timestamp ms={decision.decided_at} full /> UTC
        </span>
      </div>

      <section>
        <h3 className="mb-1 text-xs font-semibold text-muted uppercase">Proposal</h3>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-xs sm:grid-cols-4">
          <Field label="Symbol">
            <span data-testid="envelope-symbol">{p.symbol}</span>
          </Field>
          <Field label="Side">
            <span className={p.side === 'BUY' ? 'text-up' : 'text-down'}>{p.side}</span>
          </Field>
          <Field label="Strategy">
            <span data-testid="envelope-strategy">{decision.strategy}</span>
            {decision.params_id ? (
              <span className="ml-1 font-mono text-muted" title="Identity of the strategy's params" data-num={decision.params_id}>
                {decision.params_id}
              </span>
            ) : null}
          </Field>
          <Field label="Confidence">
            <Num value={p.confidence} dp={2} />
          </Field>
          <Field label="Entry price">
            <Dec value={p.entry_price} testId="envelope-entry-price" />
          </Field>
          <Field label="Quantity">
            {p.quantity === null ? <span className="text-muted">sized by risk</span> : <Dec value={p.quantity} />}
          </Field>
          <Field label="Adjusted qty">
            <Dec value={decision.adjusted_quantity} />
          </Field>
          <Field label="Stop / Take profit">
            <Dec value={p.stop_price} /> / <Dec value={p.take_profit_price} />
          </Field>
          <Field label="Intent">
            <span className="font-mono" title={decision.intent_id ?? undefined}>
              {decision.intent_id ?? '—'}
            </span>
          </Field>
        </dl>
      </section>

      <section>
        <h3 className="mb-1 text-xs font-semibold text-muted uppercase">Gates</h3>
        <div className="flex flex-col gap-2">
          {GATE_ORDER.map((gate) => {
            const verdict = decision.gates.find((g) => g.gate === gate) ?? null;
            return (
              <div
                key={gate}
                data-testid={`envelope-gate-${gate}`}
                className="rounded border border-edge p-2"
              >
                <div className="flex items-center gap-2">
                  <span className="w-36 text-xs font-medium">{GATE_LABEL[gate]}</span>
                  <VerdictPill verdict={verdict?.verdict ?? null} />
                  {verdict?.reason_code ? <Badge>{verdict.reason_code}</Badge> : null}
                  {verdict ? (
                    <span className="ml-auto text-xs text-muted">
                      <Num value={verdict.duration_us} suffix="µs" />
                    </span>
                  ) : null}
                </div>
                {verdict ? (
                  <>
                    <p className="mt-1 text-xs" data-testid={`envelope-gate-${gate}-reason`}>
                      {verdict.reason}
                    </p>
                    <div className="mt-1">
                      <InputsList inputs={verdict.inputs} />
                    </div>
                  </>
                ) : (
                  <p className="mt-1 text-xs text-muted">Not evaluated: an earlier gate decided.</p>
                )}
              </div>
            );
          })}
        </div>
      </section>

      <section>
        <h3 className="mb-1 text-xs font-semibold text-muted uppercase">Signals</h3>
        {decision.signals.length === 0 ? (
          <p className="text-xs text-muted">No signals recorded (manual proposal).</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>Signal</th>
                <th>Direction</th>
                <th className="right">Strength</th>
                <th className="right">Confidence</th>
                <th>Inputs</th>
              </tr>
            </thead>
            <tbody>
              {decision.signals.map((s) => (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td>{s.direction}</td>
                  <td className="right">
                    <Num value={s.strength} dp={2} />
                  </td>
                  <td className="right">
                    <Num value={s.confidence} dp={2} />
                  </td>
                  <td className="whitespace-normal">
                    <InputsList inputs={s.inputs} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-muted">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}
