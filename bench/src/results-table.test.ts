import { describe, expect, it } from 'vitest';
import { withBaseline, type BenchResult } from './bench-result';
import { formatFigure, formatRatio, formatResults } from './results-table';

describe('formatFigure', () => {
  it('groups thousands without decimals, keeps one decimal under 1,000 and two under 10', () => {
    expect(formatFigure(1_234_567.89)).toBe('1,234,568');
    expect(formatFigure(812.34)).toBe('812.3');
    expect(formatFigure(0.06)).toBe('0.06');
    expect(formatFigure(3)).toBe('3.00');
  });
});

describe('formatRatio', () => {
  it('prints a multiplier, or a dash without a baseline', () => {
    expect(formatRatio(2.345)).toBe('2.35×');
    expect(formatRatio(undefined)).toBe('—');
  });
});

describe('withBaseline', () => {
  it('fills in the baseline and value / baseline as the ratio', () => {
    const r = withBaseline({ name: 'x', value: 50, unit: 'msg/s' }, 'JSON.parse', 200);
    expect(r).toEqual({
      name: 'x',
      value: 50,
      unit: 'msg/s',
      baseline: { name: 'JSON.parse', value: 200 },
      ratio: 0.25,
    });
  });

  it('leaves the ratio out when the baseline is zero', () => {
    expect(withBaseline({ name: 'x', value: 5, unit: 'µs' }, 'floor', 0).ratio).toBeUndefined();
  });
});

describe('formatResults', () => {
  const results: BenchResult[] = [
    {
      name: 'core.execution_report.apply',
      value: 155_211,
      unit: 'msg/s',
      baseline: { name: 'JSON.parse of the same raw messages', value: 361_645 },
      ratio: 0.43,
      target: { text: 'apply ≤ 4× parse cost (2.33×)', met: true },
      note: 'fresh reports',
    },
    {
      name: 'tick_to_order.to_socket.p99',
      value: 3_368,
      unit: 'µs',
      target: { text: 'p99 < 1,000 µs', met: false },
    },
  ];
  const lines = formatResults(results).split('\n');

  it('prints one aligned row per figure under a header and a rule', () => {
    expect(lines[0]).toMatch(/^ *# +figure +value +unit +baseline +ratio +target$/);
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    expect(lines[2]).toMatch(
      /^ *1 +core\.execution_report\.apply +155,211 +msg\/s +361,645 +0\.43× +apply ≤ 4× parse cost \(2\.33×\) +PASS$/,
    );
    expect(lines[3]).toMatch(/^ *2 +tick_to_order\.to_socket\.p99 +3,368 +µs +— +— +p99 < 1,000 µs +MISS$/);
  });

  it('lists each figure’s baseline name and note by number after the table', () => {
    expect(lines).toContain(
      '[1] core.execution_report.apply — baseline: JSON.parse of the same raw messages; fresh reports',
    );
    expect(lines).toContain('[2] tick_to_order.to_socket.p99');
  });
});
