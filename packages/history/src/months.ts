/** Calendar helpers on UTC months (`YYYY-MM`) and days (`YYYY-MM-DD`), as the archive names files. */

export interface Month {
  year: number;
  /** 1..12 */
  month: number;
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function parseMonth(text: string): Month {
  const m = MONTH_RE.exec(text);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new Error(`"${text}" is not a month (YYYY-MM)`);
  return { year, month };
}

const two = (n: number): string => String(n).padStart(2, '0');

export const monthKey = (m: Month): string => `${m.year}-${two(m.month)}`;

export const monthStartMs = (m: Month): number => Date.UTC(m.year, m.month - 1, 1);

export const nextMonth = (m: Month): Month =>
  m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 };

export const compareMonths = (a: Month, b: Month): number => a.year - b.year || a.month - b.month;

/** The UTC month an instant falls in. */
export function monthOf(ms: number): Month {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

export const monthKeyOf = (ms: number): string => monthKey(monthOf(ms));

/** `from`..`to`, both included. */
export function monthsBetween(from: Month, to: Month): Month[] {
  if (compareMonths(from, to) > 0) throw new Error(`--from ${monthKey(from)} is after --to ${monthKey(to)}`);
  const out: Month[] = [];
  for (let m = from; compareMonths(m, to) <= 0; m = nextMonth(m)) out.push(m);
  return out;
}

export const daysInMonth = (m: Month): number => new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();

export const dayKey = (m: Month, day: number): string => `${monthKey(m)}-${two(day)}`;

export const isoMinute = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
