import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'up' | 'down' | 'warn' | 'accent' | 'drift';

const TONES: Record<BadgeTone, string> = {
  neutral: 'border-edge bg-raised text-fg/80',
  up: 'border-up/50 bg-up/15 text-up',
  down: 'border-down/50 bg-down/15 text-down',
  warn: 'border-warn/50 bg-warn/15 text-warn',
  accent: 'border-accent/50 bg-accent/15 text-accent',
  drift: 'border-drift/50 bg-drift/15 text-drift',
};

export function Badge({
  tone = 'neutral',
  testId,
  children,
}: {
  tone?: BadgeTone;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <span
      data-testid={testId}
      className={`inline-flex items-center gap-1 rounded border px-1.5 py-px text-[11px] font-semibold tracking-wide whitespace-nowrap ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}
