/** Where a progress bar writes: usually process.stderr, so stdout stays clean for results. */
export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export interface ProgressBarOptions {
  /** Printed before the bar, e.g. "backtest ". */
  label?: string;
  width?: number;
  /**
   * Off a terminal (CI, a pipe, a log file) nothing can be redrawn: 'steps' prints one line at
   * every tenth of the way, 'none' prints nothing but what log() is given.
   */
  plain?: 'steps' | 'none';
  /** Put the percentage before the detail on the bar (default true). */
  percent?: boolean;
}

/**
 * One bar line redrawn in place on a terminal, with log lines printed above it; elsewhere plain
 * lines only. Shared by the data download and the backtest.
 */
export class ProgressBar {
  private readonly tty: boolean;
  private readonly width: number;
  private readonly label: string;
  private readonly plain: 'steps' | 'none';
  private readonly percent: boolean;
  private lastLine: string | null = null;
  private lastStep = -1;

  constructor(
    private readonly out: ProgressOutput,
    opts: ProgressBarOptions = {},
  ) {
    this.tty = out.isTTY === true;
    this.width = opts.width ?? 24;
    this.label = opts.label ?? '';
    this.plain = opts.plain ?? 'steps';
    this.percent = opts.percent ?? true;
  }

  /** `detail` follows the bar (and its percentage). */
  update(done: number, total: number, detail?: string): void {
    const ratio = total <= 0 ? 0 : Math.min(1, Math.max(0, done / total));
    const pct = Math.floor(ratio * 100);
    const text = [this.percent ? `${pct}%` : '', detail ?? ''].filter((x) => x !== '').join(' ');
    if (this.tty) {
      const filled = Math.round(ratio * this.width);
      this.lastLine = `${this.label}[${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${text}`;
      this.redraw();
      return;
    }
    if (this.plain === 'none') return;
    const step = Math.floor(ratio * 10);
    if (step <= this.lastStep) return;
    this.lastStep = step;
    this.out.write(`${this.label}${step * 10}%${detail === undefined ? '' : ` ${detail}`}\n`);
  }

  /** A line above the bar (the bar is drawn again beneath it). */
  log(text: string): void {
    this.out.write(this.tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    if (this.tty && this.lastLine !== null) this.redraw();
  }

  /** Clear the bar so what follows starts on a clean line. */
  end(): void {
    if (this.tty) this.out.write('\r\x1b[2K');
    this.lastLine = null;
  }

  private redraw(): void {
    this.out.write(`\r\x1b[2K${this.lastLine!.slice(0, (this.out.columns ?? 100) - 1)}`);
  }
}
