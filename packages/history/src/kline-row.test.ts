import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '@aurora/core';
import { canonicalDecimal } from './kline-row';

describe('canonicalDecimal', () => {
  it.each([
    ['4.15070000', '4.1507'],
    ['0.00000000', '0'],
    ['000120.50', '120.5'],
    ['7', '7'],
    ['10.0', '10'],
    ['0.00100000', '0.001'],
  ])('%s is %s', (input, out) => expect(canonicalDecimal(input)).toBe(out));

  it.each(['', '.5', '5.', '1.2.3', '-1', '1e5', ' 1', 'abc'])('refuses "%s"', (input) =>
    expect(canonicalDecimal(input)).toBeNull(),
  );

  it('keeps the exact value of any decimal', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,12}(\.\d{1,10})?$/), (s) => {
        const c = canonicalDecimal(s);
        expect(c).not.toBeNull();
        expect(new Dec(c as string).eq(new Dec(s))).toBe(true);
        expect(new Dec(s).toFixed()).toBe(c);
      }),
    );
  });
});
