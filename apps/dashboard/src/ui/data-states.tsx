import { AlertCircle, Inbox, RotateCw } from 'lucide-react';
import type { ReactNode } from 'react';

/* The three states every data component has besides its content. */

export function Skeleton({ rows = 3, testId }: { rows?: number; testId?: string }) {
  return (
    <div data-testid={testId ?? 'state-loading'} aria-busy="true" className="flex flex-col gap-2">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-4 animate-pulse rounded bg-edge/70" style={{ width: `${90 - i * 12}%` }} />
      ))}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div data-testid="state-empty" className="flex items-center gap-2 py-3 text-sm text-muted">
      <Inbox size={16} className="shrink-0" />
      <span>
        <span className="font-medium text-fg/80">No data yet.</span> {children}
      </span>
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div
      data-testid="state-error"
      role="alert"
      className="flex flex-wrap items-center gap-2 rounded border border-down/40 bg-down/10 px-3 py-2 text-sm text-down"
    >
      <AlertCircle size={16} className="shrink-0" />
      <span className="min-w-0 flex-1 break-words">{message}</span>
      {onRetry ? (
        <button
          type="button"
          data-testid="retry"
          onClick={onRetry}
          className="inline-flex items-center gap-1 rounded border border-down/50 px-2 py-0.5 text-xs hover:bg-down/20"
        >
          <RotateCw size={12} /> Retry
        </button>
      ) : null}
    </div>
  );
}
