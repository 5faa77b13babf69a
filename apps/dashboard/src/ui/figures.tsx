import { decimalSign, formatDecimal, type DecimalDisplayOptions } from '../format/decimal-display';
import { formatClock, formatDateTime, formatDuration } from '../format/time-display';

/*
 * Every figure on screen goes through these components. Each renders its source value in
 * `data-num`, so an e2e test can check that no number is shown that did not come from the API.
 */

const DASH = '—';

interface FigureProps {
  testId?: string;
  className?: string;
}

function Missing({ testId, className = '' }: FigureProps) {
  return (
    <span data-testid={testId} data-missing="" className={`text-muted ${className}`}>
      {DASH}
    </span>
  );
}

const toneOf = (sign: number) => (sign > 0 ? 'text-up' : sign < 0 ? 'text-down' : '');

/** A decimal string (money, price, quantity). `colored` paints it green/red by sign. */
export function Dec({
  value,
  colored = false,
  suffix,
  testId,
  className = '',
  ...options
}: FigureProps &
  DecimalDisplayOptions & { value: string | null | undefined; colored?: boolean; suffix?: string }) {
  if (value === null || value === undefined) return <Missing testId={testId} className={className} />;
  const tone = colored ? toneOf(decimalSign(value)) : '';
  return (
    <span data-testid={testId} data-num={value} title={value} className={`num ${tone} ${className}`}>
      {formatDecimal(value, options)}
      {suffix ? <span className="ml-0.5 text-muted">{suffix}</span> : null}
    </span>
  );
}

/** A plain number (counts, percentages, bps). */
export function Num({
  value,
  dp,
  suffix,
  signed = false,
  colored = false,
  testId,
  className = '',
}: FigureProps & {
  value: number | null | undefined;
  dp?: number;
  suffix?: string;
  signed?: boolean;
  colored?: boolean;
}) {
  if (value === null || value === undefined || !Number.isFinite(value))
    return <Missing testId={testId} className={className} />;
  const text =
    dp === undefined ? value.toLocaleString('en-US', { maximumFractionDigits: 6 }) : value.toFixed(dp);
  const tone = colored ? toneOf(Math.sign(value)) : '';
  return (
    <span data-testid={testId} data-num={String(value)} className={`num ${tone} ${className}`}>
      {signed && value > 0 ? '+' : ''}
      {text}
      {suffix ? <span className="ml-0.5 text-muted">{suffix}</span> : null}
    </span>
  );
}

/** A server timestamp as a UTC clock, or a full date-time. */
export function Timestamp({
  ms,
  full = false,
  testId,
  className = '',
}: FigureProps & { ms: number | null | undefined; full?: boolean }) {
  if (ms === null || ms === undefined) return <Missing testId={testId} className={className} />;
  return (
    <span
      data-testid={testId}
      data-num={String(ms)}
      className={`num ${className}`}
      title={formatDateTime(ms)}
    >
      {full ? formatDateTime(ms) : formatClock(ms)}
    </span>
  );
}

/** How long ago `since` was on the server's clock; `data-num` carries the source timestamp. */
export function Age({
  since,
  now,
  testId,
  className = '',
  warnAfterMs,
}: FigureProps & { since: number | null | undefined; now: number | null; warnAfterMs?: number }) {
  if (since === null || since === undefined || now === null)
    return <Missing testId={testId} className={className} />;
  const age = Math.max(0, now - since);
  const stale = warnAfterMs !== undefined && age > warnAfterMs;
  return (
    <span
      data-testid={testId}
      data-num={String(since)}
      data-stale={stale ? 'true' : 'false'}
      className={`num ${stale ? 'text-warn' : ''} ${className}`}
      title={formatDateTime(since)}
    >
      {formatDuration(age)}
    </span>
  );
}

/** A duration in milliseconds carried by the data (latency, uptime source in data-num). */
export function Duration({
  ms,
  source,
  testId,
  className = '',
}: FigureProps & { ms: number | null | undefined; source?: string }) {
  if (ms === null || ms === undefined || !Number.isFinite(ms))
    return <Missing testId={testId} className={className} />;
  return (
    <span data-testid={testId} data-num={source ?? String(ms)} className={`num ${className}`}>
      {formatDuration(ms)}
    </span>
  );
}
