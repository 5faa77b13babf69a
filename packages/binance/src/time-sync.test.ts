import { describe, expect, it } from 'vitest';
import { TimeSync, type IntervalScheduler } from './time-sync';

/** A scheduler the test fires by hand. */
const manualScheduler = () => {
  const jobs: { run: () => void; every: number; cancelled: boolean }[] = [];
  const scheduler: IntervalScheduler = (run, every) => {
    const job = { run, every, cancelled: false };
    jobs.push(job);
    return () => {
      job.cancelled = true;
    };
  };
  return { scheduler, jobs };
};

describe('TimeSync', () => {
  it('offset is server time minus the round trip midpoint', async () => {
    let local = 1_000_000;
    const ts = new TimeSync({
      now: () => local,
      samples: 1,
      fetchServerTime: async () => {
        local += 100; // 100 ms round trip: the server answered at local 1_000_050
        return 1_000_050 + 2_500;
      },
    });
    const s = await ts.start();
    expect(s.offsetMs).toBe(2_500);
    expect(s.lastSyncAt).toBe(1_000_100);
    expect(ts.serverNow()).toBe(1_000_100 + 2_500);
    ts.stop();
  });

  it('keeps the sample with the shortest round trip', async () => {
    let local = 0;
    const answers = [
      { rtt: 400, skew: 900 },
      { rtt: 10, skew: 300 },
      { rtt: 200, skew: -50 },
    ];
    let i = 0;
    const ts = new TimeSync({
      now: () => local,
      samples: 3,
      fetchServerTime: async () => {
        const a = answers[i++]!;
        const sent = local;
        local += a.rtt;
        return sent + a.rtt / 2 + a.skew;
      },
    });
    expect((await ts.sync()).offsetMs).toBe(300);
    expect(ts.state().lastRoundTripMs).toBe(10);
  });

  it('resyncs on every tick of the injected scheduler, and stop() cancels it', async () => {
    const { scheduler, jobs } = manualScheduler();
    let server = 5_000;
    const ts = new TimeSync({
      now: () => 0,
      samples: 1,
      scheduler,
      intervalMs: 300_000,
      fetchServerTime: async () => server,
    });
    await ts.start();
    expect(ts.offsetMs).toBe(5_000);
    expect(jobs[0]!.every).toBe(300_000);
    server = 7_000;
    jobs[0]!.run();
    await new Promise((r) => setImmediate(r));
    expect(ts.offsetMs).toBe(7_000);
    ts.stop();
    expect(jobs[0]!.cancelled).toBe(true);
  });

  it('a failing periodic sync keeps the last offset and logs', async () => {
    const { scheduler, jobs } = manualScheduler();
    const warnings: string[] = [];
    let fail = false;
    const ts = new TimeSync({
      now: () => 0,
      samples: 1,
      scheduler,
      logger: { warn: (_o, m) => warnings.push(m) },
      fetchServerTime: async () => {
        if (fail) throw new Error('down');
        return 1_234;
      },
    });
    await ts.start();
    fail = true;
    jobs[0]!.run();
    await new Promise((r) => setImmediate(r));
    expect(ts.offsetMs).toBe(1_234);
    expect(warnings).toEqual(['binance: periodic time sync failed']);
    ts.stop();
  });

  it('concurrent sync() calls share one measurement', async () => {
    let calls = 0;
    const ts = new TimeSync({
      now: () => 0,
      samples: 1,
      fetchServerTime: async () => {
        calls++;
        return 10;
      },
    });
    await Promise.all([ts.sync(), ts.sync(), ts.sync()]);
    expect(calls).toBe(1);
  });
});
