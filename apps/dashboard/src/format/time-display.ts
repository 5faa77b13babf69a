/* Times are shown in UTC (the exchange's clock), ages as compact durations. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 1732560000000 → "18:40:00" (UTC). */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** 1732560000000 → "2024-11-25 18:40:00" (UTC). */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${formatClock(ms)}`;
}

/** A non-negative duration: "850 ms", "12.4 s", "3 m 05 s", "2 h 07 m", "3 d 04 h". */
export function formatDuration(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  const totalSeconds = Math.floor(v / 1000);
  const s = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} m ${pad(s)} s`;
  const m = totalMinutes % 60;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours} h ${pad(m)} m`;
  return `${Math.floor(totalHours / 24)} d ${pad(totalHours % 24)} h`;
}
