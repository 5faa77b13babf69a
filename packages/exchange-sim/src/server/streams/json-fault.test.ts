import { describe, expect, it } from 'vitest';
import { jsonFaultOffset } from './json-fault';

describe('jsonFaultOffset', () => {
  it('points at the first character a JSON parser refuses', () => {
    expect(jsonFaultOffset('{"method": SUBSCRIBE}')).toBe(11);
    expect(jsonFaultOffset('{"a":1 "b":2}')).toBe(7);
    expect(jsonFaultOffset('{"a":[1,2,]}')).toBe(10);
    expect(jsonFaultOffset('{"a":1}}')).toBe(7);
    expect(jsonFaultOffset('{a:1}')).toBe(1);
    expect(jsonFaultOffset('tru')).toBe(3);
  });

  it('points past the end when the text stops too early', () => {
    expect(jsonFaultOffset('')).toBe(0);
    expect(jsonFaultOffset('{"a":"x')).toBe(7);
    expect(jsonFaultOffset('{"a":1')).toBe(6);
  });
});
