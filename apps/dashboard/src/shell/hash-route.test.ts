import { describe, expect, it } from 'vitest';
import { routeFromHash } from './hash-route';

describe('routeFromHash', () => {
  it('maps known fragments to pages and anything else to the overview', () => {
    expect(routeFromHash('#/risk')).toBe('risk');
    expect(routeFromHash('#/positions&x=1')).toBe('positions');
    expect(routeFromHash('')).toBe('overview');
    expect(routeFromHash('#/nope')).toBe('overview');
  });
});
