import { ResearchInputError } from '../errors';

export interface WalkForwardWindow {
  index: number;
  /** In-sample window, [inFrom, inTo), ms since epoch: the optimizer fits on it. */
  inFrom: number;
  inTo: number;
  /** Out-of-sample window, [outFrom, outTo): starts where the in window ends; the fitted parameters are scored on it. */
  outFrom: number;
  outTo: number;
}

export interface WindowPlanInput {
  from: number;
  to: number;
  inMs: number;
  outMs: number;
  /** Distance between consecutive windows (default outMs). Must be at least outMs: out windows never overlap. */
  stepMs?: number;
  /** Anchored (expanding) in-sample: every in window starts at `from` (default false: rolling). */
  anchored?: boolean;
  /** A last out window cut short by `to` is kept when at least this long (default outMs / 2), dropped otherwise. */
  minLastOutMs?: number;
}

const positiveInt = (v: number, name: string): void => {
  if (!Number.isSafeInteger(v) || v <= 0) throw new ResearchInputError(`must be a positive whole number of ms, got ${v}`, name);
};

/**
 * Rolling walk-forward windows over [from, to). Window k's out-of-sample part starts at
 * from + inMs + k·stepMs and its in-sample part is the inMs just before it (or everything since
 * `from` when anchored). With stepMs = outMs the out windows tile [from + inMs, end) without gap
 * or overlap. The last out window is cut at `to`; it is kept only when at least minLastOutMs long.
 */
export function planWindows(input: WindowPlanInput): WalkForwardWindow[] {
  const { from, to, inMs, outMs } = input;
  const stepMs = input.stepMs ?? outMs;
  const minLast = input.minLastOutMs ?? outMs / 2;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new ResearchInputError('from and to must be whole ms since epoch', 'from');
  if (to <= from) throw new ResearchInputError(`to (${to}) must be after from (${from})`, 'to');
  positiveInt(inMs, 'in');
  positiveInt(outMs, 'out');
  positiveInt(stepMs, 'step');
  if (stepMs < outMs) throw new ResearchInputError(`step (${stepMs} ms) is shorter than out (${outMs} ms): out-of-sample windows would overlap`, 'step');
  if (!(minLast > 0 && minLast <= outMs)) throw new ResearchInputError('minLastOutMs must be in (0, outMs]', 'minLastOutMs');
  const windows: WalkForwardWindow[] = [];
  for (let outFrom = from + inMs; outFrom < to; outFrom += stepMs) {
    const outTo = Math.min(outFrom + outMs, to);
    if (outTo - outFrom < outMs && outTo - outFrom < minLast) break;
    windows.push({ index: windows.length, inFrom: input.anchored ? from : outFrom - inMs, inTo: outFrom, outFrom, outTo });
  }
  if (windows.length === 0) {
    throw new ResearchInputError(`the range is ${to - from} ms long: it holds no in window of ${inMs} ms followed by an out window of at least ${minLast} ms`, 'to');
  }
  return windows;
}
