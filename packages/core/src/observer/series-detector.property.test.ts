import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, medianAbsoluteDeviation } from './robust-stats';
import { SeriesDetector, type SeriesDetectorConfig } from './series-detector';

const config: SeriesDetectorConfig = {
  window: 50,
  minSamples: 10,
  zThreshold: 5,
  cusum: { k: 0.5, h: 5, clip: 4 },
  floor: 0.01,
  direction: 'BOTH',
  cooldownSamples: 0,
  evidencePoints: 30,
};

describe('series detector (properties)', () => {
  it('keeps the median and MAD of exactly the last `window` values, ties and evictions included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -10, max: 10, noNaN: true })), { maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 60 }),
        (values, window, evidencePoints) => {
          const d = new SeriesDetector({ ...config, window, minSamples: 1, evidencePoints });
          values.forEach((v, i) => {
            d.observe(i, v);
            const ref = values.slice(Math.max(0, i + 1 - window), i + 1);
            const med = median(ref);
            expect(d.state().median).toBe(med);
            expect(d.state().mad).toBe(medianAbsoluteDeviation(ref, med!));
          });
        },
      ),
    );
  });

  it('never reports an anomaly on a constant series', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 150 }),
        (c, n) => {
          const d = new SeriesDetector(config);
          for (let i = 0; i < n; i++) expect(d.observe(i * 1000, c)).toEqual([]);
        },
      ),
    );
  });

  it('finds a planted step change within 2 samples of it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 10, maxLength: 120 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 30, max: 1e3, noNaN: true }),
        fc.boolean(),
        (noise, level, width, stepInWidths, up) => {
          const d = new SeriesDetector(config);
          let t = 0;
          for (const u of noise) d.observe((t += 1000), level + u * width);
          // The window spans at most `width`, so MAD ≤ width and the step is ≥ 30/1.4826 ≈ 20 scales.
          const after = level + (up ? 1 : -1) * stepInWidths * width;
          const found = [d.observe((t += 1000), after), d.observe(t + 1000, after)].flat();
          // The first sample past the step is a point outlier in the step's direction.
          expect(found[0]?.detector).toBe('ROBUST_Z');
          expect(Math.sign(found[0]?.statistic ?? 0)).toBe(up ? 1 : -1);
        },
      ),
    );
  });

  it('holds at most max(window, evidencePoints) values however long it runs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 0, maxLength: 600 }),
        (values) => {
          const d = new SeriesDetector({ ...config, window: 40, evidencePoints: 30 });
          values.forEach((v, i) => {
            const found = d.observe(i, v);
            for (const f of found) expect(f.points.length).toBeLessThanOrEqual(30);
          });
          expect(d.held).toBeLessThanOrEqual(40);
          expect(d.state().samples).toBe(values.length);
        },
      ),
    );
  });

  it('judges nothing during warm-up', () => {
    const d = new SeriesDetector(config);
    for (let i = 0; i < 9; i++) d.observe(i, 1);
    expect(d.observe(10, 1e6)).toEqual([]);
    expect(d.state().warmingUp).toBe(false);
    expect(d.observe(11, 1e6).length).toBeGreaterThan(0);
  });

  it('reports only the configured direction', () => {
    const d = new SeriesDetector({ ...config, direction: 'UP' });
    for (let i = 0; i < 20; i++) d.observe(i, 100 + (i % 3));
    expect(d.observe(21, -1e4)).toEqual([]);
    expect(d.observe(22, 1e4).map((x) => x.detector)).toEqual(['ROBUST_Z']);
  });

  it('stays quiet for cooldownSamples after a detection of the same kind', () => {
    const d = new SeriesDetector({ ...config, cusum: null, cooldownSamples: 3 });
    for (let i = 0; i < 20; i++) d.observe(i, 10 + (i % 5));
    const fired = [1e3, 1e3, 1e3, 1e3, 1e3].map((v, i) => d.observe(100 + i, v).length);
    expect(fired).toEqual([1, 0, 0, 0, 1]);
  });

  it('against a fixed reference, judges from the first value and carries the window as evidence', () => {
    const d = new SeriesDetector({ ...config, direction: 'DOWN' }, { median: 10, mad: 2, samples: 40 });
    const [a] = d.observe(5, -30);
    expect(a).toMatchObject({
      detector: 'ROBUST_Z',
      reference: 'BACKTEST',
      median: 10,
      mad: 2,
      referenceSize: 40,
    });
    expect(a?.statistic).toBeCloseTo(-40 / (2 * 1.4826), 6);
    expect(a?.points).toEqual([{ t: 5, v: -30 }]);
  });
});
