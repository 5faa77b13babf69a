import { SeededRng } from '../../random';
import type { ParamSet } from '../../trial';
import type { SearchSpace } from '../space';
import { sampleAllUniform, type Sampler } from './sampler';

/** Independent uniform draws (log-uniform on log dimensions). The baseline every other sampler must beat. */
export class RandomSampler implements Sampler {
  private readonly rng: SeededRng;

  constructor(
    private readonly space: SearchSpace,
    { seed }: { seed: number },
  ) {
    this.rng = new SeededRng(seed);
  }

  ask(): ParamSet {
    return sampleAllUniform(this.space, this.rng);
  }

  tell(): void {
    // Random search learns nothing from scores.
  }
}
