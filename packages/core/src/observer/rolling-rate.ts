/**
 * The share of `true` among the last `window` outcomes. A rate of rejects is a Bernoulli stream:
 * single outcomes have no median worth the name (it is 0 or 1), so the observer judges this
 * rolling share instead, once `window` outcomes exist.
 */
export class RollingRate {
  private readonly outcomes: boolean[] = [];
  private hits = 0;

  constructor(readonly window: number) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError('window must be an integer ≥ 1');
  }

  /** Adds an outcome; the share over the window once it is full, null before. */
  push(hit: boolean): number | null {
    this.outcomes.push(hit);
    if (hit) this.hits += 1;
    if (this.outcomes.length > this.window && this.outcomes.shift() === true) this.hits -= 1;
    return this.outcomes.length < this.window ? null : this.hits / this.window;
  }
}
