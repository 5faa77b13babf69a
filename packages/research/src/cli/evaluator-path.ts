import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { absoluteModulePath } from '../pool/evaluator-module';
import { UsageError } from './data-dir';

/** The product's evaluator: the backtest of packages/backtest behind the TrialEvaluator shape. */
export const BACKTEST_EVALUATOR = fileURLToPath(
  new URL('../evaluators/backtest-evaluator.ts', import.meta.url),
);

/** `--evaluator <module>` or the backtest evaluator; a missing module is a usage error, said plainly. */
export function evaluatorPath(flag: string | undefined): string {
  const path = flag === undefined ? BACKTEST_EVALUATOR : absoluteModulePath(flag);
  if (!existsSync(path))
    throw new UsageError(
      flag === undefined
        ? `the backtest evaluator ${path} is missing from this checkout; ` +
            'give --evaluator <module exporting evaluate(spec)>'
        : `--evaluator ${flag}: no such file`,
    );
  return path;
}
