import { Check, Minus, X } from 'lucide-react';
import type { Verdict } from '@aurora/contracts';

/** ALLOW green, BLOCK red, null = gate not reached (the pipeline stopped earlier). */
export function VerdictPill({ verdict, testId }: { verdict: Verdict | null; testId?: string }) {
  if (verdict === null)
    return (
      <span
        data-testid={testId}
        data-verdict="NOT_REACHED"
        className="inline-flex items-center gap-1 rounded bg-edge/50 px-1.5 py-px text-[11px] text-muted"
      >
        <Minus size={11} /> n/a
      </span>
    );
  const allow = verdict === 'ALLOW';
  return (
    <span
      data-testid={testId}
      data-verdict={verdict}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-px text-[11px] font-semibold ${
        allow ? 'bg-up/15 text-up' : 'bg-down/15 text-down'
      }`}
    >
      {allow ? <Check size={11} /> : <X size={11} />} {verdict}
    </span>
  );
}
