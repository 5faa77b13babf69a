import type { ButtonHTMLAttributes } from 'react';

type Tone = 'default' | 'primary' | 'danger' | 'warn' | 'up';

const TONES: Record<Tone, string> = {
  default: 'border-edge bg-raised hover:bg-edge text-fg',
  primary: 'border-accent/60 bg-accent/20 hover:bg-accent/30 text-accent',
  danger: 'border-down/60 bg-down/20 hover:bg-down/30 text-down',
  warn: 'border-warn/60 bg-warn/15 hover:bg-warn/25 text-warn',
  up: 'border-up/60 bg-up/15 hover:bg-up/25 text-up',
};

export function Button({
  tone = 'default',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: Tone }) {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-1.5 rounded border px-2.5 py-1 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-40 ${TONES[tone]} ${className}`}
      {...props}
    />
  );
}
