import type { ParamSet } from '../trial';
import type { Sampler } from '../search';

/**
 * A test sampler that learns: half its asks are uniform in [-5, 5]², half jitter around the
 * best point told so far. So its asks depend on the order and values it was told, which is what
 * the optimizer's determinism and resume tests need to be able to fail.
 */
export class LearningTestSampler implements Sampler {
  private state: number;
  private best: { x: number; y: number; v: number } | null = null;
  readonly told: { params: ParamSet; value: number | readonly number[] }[] = [];

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  private next(): number {
    // xorshift32: small, seeded, the same on every machine.
    let s = this.state;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s >>> 0;
    return this.state / 4_294_967_296;
  }

  ask(): ParamSet {
    const round = (v: number): number => Math.round(v * 1_000) / 1_000;
    if (this.best && this.next() < 0.5)
      return { x: round(this.best.x + (this.next() - 0.5)), y: round(this.best.y + (this.next() - 0.5)) };
    return { x: round(this.next() * 10 - 5), y: round(this.next() * 10 - 5) };
  }

  tell(params: ParamSet, value: number | readonly number[]): void {
    this.told.push({ params, value });
    const v = typeof value === 'number' ? value : (value[0] as number);
    if (!Number.isFinite(v)) return;
    if (!this.best || v > this.best.v) this.best = { x: Number(params.x), y: Number(params.y), v };
  }
}
