import { Dec } from '@aurora/core';

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A Decimal string for people: fixed places, thousands separated, an optional sign. */
export function money(value: string, dp = 2, signed = false): string {
  const d = new Dec(value).toDecimalPlaces(dp);
  const [int = '0', frac] = d.abs().toFixed(dp).split('.');
  const sign = d.isNeg() && !d.isZero() ? '−' : signed && d.gt(0) ? '+' : '';
  return `${sign}${group(int)}${frac ? `.${frac}` : ''}`;
}

/** A price or quantity as the venue wrote it, grouped but never rounded. */
export function exact(value: string): string {
  const [int = '0', frac] = new Dec(value).toFixed().split('.');
  return `${group(int)}${frac ? `.${frac}` : ''}`;
}

export function num(value: number | null, dp = 2, suffix = '', signed = false): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(dp);
  const sign = value < 0 && Number(text) !== 0 ? '−' : signed && value > 0 ? '+' : '';
  return `${sign}${group(text.split('.')[0]!)}${text.includes('.') ? `.${text.split('.')[1]}` : ''}${suffix}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');
export function utcDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
export function utcMinute(t: number): string {
  const d = new Date(t);
  return `${utcDate(t)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function wallTime(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : ms < 120_000 ? `${(ms / 1_000).toFixed(2)} s` : duration(ms);
}

/** green/red by sign, muted at zero. */
export const tone = (v: number | null): string => (v === null || v === 0 ? 'flat' : v > 0 ? 'up' : 'down');
