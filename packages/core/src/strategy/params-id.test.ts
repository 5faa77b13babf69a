import { describe, expect, it } from 'vitest';
import { canonicalJson, paramsId } from './params-id';

describe('the identity of a strategy’s parameters', () => {
  it('is 12 hex digits, the same whatever the key order', () => {
    const a = paramsId({ fast: 9, slow: 21, nested: { x: 1, y: [1, 2] } });
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(paramsId({ nested: { y: [1, 2], x: 1 }, slow: 21, fast: 9 })).toBe(a);
  });

  it('changes with any value', () => {
    const base = paramsId({ fast: 9, slow: 21 });
    expect(paramsId({ fast: 9, slow: 22 })).not.toBe(base);
    expect(paramsId({ fast: 9 })).not.toBe(base);
    expect(paramsId({})).not.toBe(paramsId(null));
  });

  it('ignores undefined fields, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
