import type { ReactNode } from 'react';

interface CardProps {
  title: string;
  icon?: ReactNode;
  actions?: ReactNode;
  testId: string;
  className?: string;
  children: ReactNode;
}

export function Card({ title, icon, actions, testId, className = '', children }: CardProps) {
  return (
    <section
      data-testid={testId}
      className={`flex h-full min-w-0 flex-col rounded-lg border border-edge bg-panel shadow-sm ${className}`}
    >
      <header className="flex min-h-9 items-center justify-between gap-2 border-b border-edge px-3 py-1.5">
        <h2 className="flex items-center gap-1.5 truncate text-xs font-semibold tracking-wide text-muted uppercase">
          {icon}
          {title}
        </h2>
        {actions ? <div className="flex shrink-0 items-center gap-1.5">{actions}</div> : null}
      </header>
      <div className="min-h-0 flex-1 p-3">{children}</div>
    </section>
  );
}
