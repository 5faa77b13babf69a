import { Num, Timestamp } from '../ui/figures';

/** Inputs named *_at carrying epoch milliseconds are instants: shown as UTC times, not as big numbers. */
const isInstant = (key: string, value: number) => key.endsWith('_at') && value > 1e12;

type InputValue = number | string | boolean | null;

/** A gate's or signal's inputs (key → value), as the bot recorded them. */
export function InputsList({ inputs }: { inputs: Record<string, InputValue> }) {
  const entries = Object.entries(inputs);
  if (entries.length === 0) return <span className="text-xs text-muted">no inputs recorded</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-muted">{key}</dt>
          <dd className="font-mono break-all">
            {typeof value === 'number' && isInstant(key, value) ? (
              <Timestamp ms={value} full />
            ) : typeof value === 'number' ? (
              <Num value={value} />
            ) : value === null ? (
              <span className="text-muted">null</span>
            ) : typeof value === 'string' && /\d/.test(value) ? (
              <span data-num={value}>{value}</span>
            ) : (
              String(value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
