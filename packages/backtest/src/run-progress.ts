import { ProgressBar, type ProgressOutput } from '@aurora/history';

const grouped = (n: number): string => n.toLocaleString('en-US');

/**
 * The backtest's terminal progress: a bar on stderr (redrawn in place on a TTY, a line every 10 %
 * elsewhere) fed with candles done / total, with the throughput so far.
 */
export function backtestProgress(
  out: ProgressOutput = process.stderr,
  now: () => number = () => performance.now(),
): { onProgress(done: number, total: number): void; end(): void } {
  const bar = new ProgressBar(out, { label: 'backtest ' });
  const started = now();
  return {
    onProgress(done, total) {
      const secs = (now() - started) / 1000;
      const rate = secs > 0 ? ` · ${grouped(Math.round(done / secs))} candles/s` : '';
      bar.update(done, total, `${grouped(done)}/${grouped(total)} candles${rate}`);
    },
    end: () => bar.end(),
  };
}
