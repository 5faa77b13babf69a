import type { OrderDto, PositionDto } from '@aurora/contracts';
import { Timestamp } from '../ui/figures';

interface Step {
  label: string;
  at: number | null;
}

/** created → placed → filled → closed, from the position and its entry order. */
export function PositionTimeline({ position, orders }: { position: PositionDto; orders: OrderDto[] }) {
  const entry = orders.find((o) => o.purpose === 'ENTRY') ?? null;
  const steps: Step[] = [
    { label: 'Created', at: position.created_at },
    { label: 'Placed', at: entry?.acked_at ?? entry?.sent_at ?? null },
    { label: 'Filled', at: entry?.first_fill_at ?? position.opened_at },
    { label: 'Closed', at: position.closed_at },
  ];
  return (
    <ol className="flex items-start" data-testid="position-timeline">
      {steps.map((s, i) => (
        <li
          key={s.label}
          className="flex flex-1 flex-col items-start"
          data-testid={`timeline-${s.label.toLowerCase()}`}
        >
          <div className="flex w-full items-center">
            <span
              className={`h-2.5 w-2.5 shrink-0 rounded-full ${s.at !== null ? 'bg-accent' : 'border border-edge bg-bg'}`}
            />
            {i < steps.length - 1 ? (
              <span className={`h-px flex-1 ${s.at !== null ? 'bg-accent/60' : 'bg-edge'}`} />
            ) : null}
          </div>
          <span className="mt-1 text-xs font-medium">{s.label}</span>
          <span className="text-xs text-muted">
            <Timestamp ms={s.at} full />
          </span>
        </li>
      ))}
    </ol>
  );
}
