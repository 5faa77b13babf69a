import { describe, expect, it } from 'vitest';
import { pathFields } from './intra-candle-path';

describe('pathFields', () => {
  it('visits the extreme nearer the open first', () => {
    expect(pathFields(100, 101, 95, 97)).toEqual(['open', 'high', 'low', 'close']);
    expect(pathFields(100, 106, 99, 104)).toEqual(['open', 'low', 'high', 'close']);
  });

  it('on a tie goes against the body first: a green candle dips, a red one rallies', () => {
    expect(pathFields(100, 102, 98, 101)).toEqual(['open', 'low', 'high', 'close']);
    expect(pathFields(100, 102, 98, 99)).toEqual(['open', 'high', 'low', 'close']);
  });
});
