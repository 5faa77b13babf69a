import { metricOf, type ObjectiveName } from '../optimizer/objectives';
import type { OptimizeProgress } from '../optimizer/optimize';
import { formatParams } from './tables';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

/**
 * The optimizer's progress: on a terminal one bar redrawn in place with the best so far;
 * elsewhere (CI, a pipe) a plain line at every tenth of the run and at the end.
 */
export function optimizeProgressRenderer(
  out: ProgressOutput,
  objective: ObjectiveName,
  label = '',
): (p: OptimizeProgress) => void {
  const tty = out.isTTY === true;
  let lastTenth = -1;
  return (p) => {
    const best = p.best
      ? `best ${objective} ${metricOf(p.best.metrics, objective).toFixed(3)} (#${p.best.n} ${formatParams(p.best.params)})`
      : 'no trial done yet';
    const failed = p.failed > 0 ? `, ${p.failed} failed` : '';
    const replayed = p.replayed > 0 ? `, ${p.replayed} from the store` : '';
    const counts = `${p.finished}/${p.total}${failed}${replayed}`;
    if (tty) {
      const width = 24;
      const filled = Math.round((p.finished / p.total) * width);
      const line = `${label}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts}  ${best}`;
      out.write(`\r\x1b[2K${line.slice(0, (out.columns ?? 100) - 1)}`);
      if (p.finished === p.total) out.write('\n');
      return;
    }
    const tenth = Math.floor((p.finished / p.total) * 10);
    if (tenth === lastTenth && p.finished !== p.total) return;
    lastTenth = tenth;
    out.write(`${label}${counts}  ${best}\n`);
  };
}

export const endProgress = (out: ProgressOutput): void => {
  if (out.isTTY) out.write('\r\x1b[2K');
};
