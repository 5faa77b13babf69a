import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { TrialEvaluator, TrialMetrics } from '../trial';

/** The evaluator module cannot be used: missing, failing to import, or exporting no `evaluate`. */
export class EvaluatorLoadError extends Error {
  constructor(
    readonly modulePath: string,
    readonly problem: string,
  ) {
    super(`evaluator ${modulePath}: ${problem}`);
    this.name = 'EvaluatorLoadError';
  }
}

const finite = z.number().refine(Number.isFinite, 'not a finite number');
/** Infinite ratios (no losing day) are legal statistics; NaN never is. */
const ratio = z.number().refine((x) => !Number.isNaN(x), 'NaN');

/** What an evaluator returns crosses a thread or a machine: parsed once, then trusted. */
export const TrialMetricsSchema = z.object({
  totalReturnPct: finite,
  sharpe: ratio,
  sortino: ratio,
  calmar: ratio,
  maxDrawdownPct: finite,
  profit: finite,
  expectancy: finite,
  winRatePct: finite,
  trades: z.number().int().nonnegative(),
  tradeHash: z.string().min(1),
}) satisfies z.ZodType<TrialMetrics>;

export const absoluteModulePath = (p: string): string => (isAbsolute(p) ? p : resolve(p));

/**
 * Imports an evaluator module: it exports `evaluate` (or a default) of type TrialEvaluator.
 * Runs inside a pool worker, where tsx's loader is registered, so a .ts module loads as is.
 */
export async function loadEvaluator(modulePath: string): Promise<TrialEvaluator> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(absoluteModulePath(modulePath)).href)) as Record<string, unknown>;
  } catch (err) {
    throw new EvaluatorLoadError(modulePath, (err as Error).message.split('\n')[0] ?? String(err));
  }
  const fn = mod.evaluate ?? mod.default;
  if (typeof fn !== 'function')
    throw new EvaluatorLoadError(
      modulePath,
      'exports no evaluate(spec) function (named `evaluate` or default)',
    );
  return fn as TrialEvaluator;
}
