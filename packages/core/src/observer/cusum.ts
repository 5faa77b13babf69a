/**
 * Two-sided tabular CUSUM (Page, 1954) on standardized values z_n:
 *
 *   S⁺_n = max(0, S⁺_{n−1} + min(z_n, clip) − k)
 *   S⁻_n = max(0, S⁻_{n−1} − max(z_n, −clip) − k)
 *
 * It fires when S⁺ > h (level moved up) or S⁻ > h (down), then both sums restart at 0.
 * k is the slack (half the shift, in σ, it is tuned to find); h the decision interval. For
 * normal data k = 0.5, h = 5 gives an in-control average run length of about 465 samples per
 * side pair and finds a sustained 1σ shift in about 10 samples, a 3σ shift in 2–3.
 * Clipping z at ±clip (a Huber-type bound) keeps one wild value from firing it alone: that is the
 * point detector's job; CUSUM is for shifts that persist.
 */
export interface CusumSettings {
  k: number;
  h: number;
  clip: number;
}

export type CusumSide = 'UP' | 'DOWN';

export interface CusumStep {
  up: number;
  down: number;
  /** Which side crossed h on this step (the sums are reset afterwards); null when none. */
  fired: CusumSide | null;
  /** The sum that crossed h, before the reset. */
  statistic: number;
}

export class TwoSidedCusum {
  private up = 0;
  private down = 0;

  constructor(readonly settings: CusumSettings) {
    const { k, h, clip } = settings;
    if (!(k >= 0 && h > 0 && clip > k)) throw new RangeError('CUSUM needs k ≥ 0, h > 0 and clip > k');
  }

  get sums(): { up: number; down: number } {
    return { up: this.up, down: this.down };
  }

  update(z: number): CusumStep {
    const { k, h, clip } = this.settings;
    const c = Math.max(-clip, Math.min(clip, z));
    this.up = Math.max(0, this.up + c - k);
    this.down = Math.max(0, this.down - c - k);
    const fired: CusumSide | null = this.up > h ? 'UP' : this.down > h ? 'DOWN' : null;
    const statistic = fired === 'UP' ? this.up : fired === 'DOWN' ? this.down : 0;
    const step = { up: this.up, down: this.down, fired, statistic };
    if (fired !== null) this.reset();
    return step;
  }

  reset(): void {
    this.up = 0;
    this.down = 0;
  }
}
