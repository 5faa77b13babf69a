import type { ChaosScenario } from '../scenario';
import { runOnRig } from '../rig';
import { phaseOf, roundTrip } from './round-trip';

/*
 * The venue refusing requests rather than losing them: timestamps outside the window (-1021)
 * when its clock runs ±3 s from ours, request-weight limits (429 with Retry-After), an IP ban
 * (418) and the WAF (403, no Binance body at all). Nothing was placed by a refused request, so
 * nothing may be doubled when the bot tries again, and exits must still get out.
 */

const skew = (name: string, ms: number): ChaosScenario => ({
  name,
  description: `the venue's clock runs ${ms > 0 ? '+' : ''}${ms / 1000} s from the bot's (recvWindow 2 s): -1021 until the bot resyncs`,
  seeds: { fast: [1, 2], full: [1, 2, 3, 4, 5, 6] },
  run: (seed, io) =>
    // With Binance's default 5 s recvWindow a venue clock 3 s ahead is still inside the window; at
    // 2 s both directions are refused (-1021) until the bot measures the offset again.
    runOnRig(seed, io, { config: { execution: { recv_window_ms: 2_000 } } }, async (rig) => {
      const phase = phaseOf(seed);
      const arm = () => rig.fault(`${phase}: venue clock ${ms > 0 ? '+' : ''}${ms} ms`, { clockSkewMs: ms });
      const trip = await roundTrip(rig, phase === 'entry' ? { beforeEntry: arm } : { beforeExit: arm });
      rig.check(
        ['Closed', 'Cancelled', 'entry REJECTED'].includes(trip.final),
        `the trade ended (position ${trip.final})`,
      );
      if (trip.entered === 'Open')
        rig.check(trip.final === 'Closed', `the exit got out despite the skew (position ${trip.final})`);
      const refused = (await rig.refusals())['-1021'] ?? 0;
      rig.check(refused > 0, 'the skew provoked no -1021: the fault did not bite');
    }),
});

export const clockSkewAhead = skew('clock-skew-plus-3s', 3_000);
export const clockSkewBehind = skew('clock-skew-minus-3s', -3_000);

export const rateLimitThenBan: ChaosScenario = {
  name: 'rate-limit-429-then-418',
  description: '429 with Retry-After on the entry path, then a 418 IP ban as the exit goes out',
  seeds: { fast: [1], full: [1, 2, 3, 4, 5, 6] },
  run: (seed, io) =>
    runOnRig(seed, io, {}, async (rig) => {
      const retryAfterS = 1 + Math.floor(rig.random() * 3);
      const banS = 3 + Math.floor(rig.random() * 4);
      const trip = await roundTrip(
        rig,
        {
          beforeEntry: () =>
            rig.fault(`entry: 429 Retry-After ${retryAfterS} s`, {
              rateLimitNext: { status: 429, retryAfterS },
            }),
          beforeExit: () =>
            rig.fault(`exit: 418 ban ${banS} s`, { rateLimitNext: { status: 418, retryAfterS: banS } }),
        },
        { exitTimeoutMs: 60_000 },
      );
      if (trip.entered === 'Open')
        rig.check(trip.final === 'Closed', `the exit got out after the ban (position ${trip.final})`);
      else
        rig.check(
          ['Cancelled', 'entry REJECTED'].includes(trip.entered),
          `a refused entry ended without a position (${trip.entered})`,
        );
      // A ban is for the IP: requests sent during it only lengthen it on Binance. The venue's
      // error counts show whether the bot kept sending into the ban.
      const refused = (await rig.refusals())['-1003'] ?? 0;
      rig.check(
        refused >= 2,
        `the 429 and the 418 did not both bite (${refused} requests refused with -1003)`,
      );
      rig.check(
        refused <= 3,
        `the bot kept sending into the limit and the ban: ${refused} requests refused with -1003`,
      );
    }),
};

export const wafBlock: ChaosScenario = {
  name: 'waf-403',
  description: 'the WAF answers 403 with an HTML page to the next requests (no Binance error body)',
  seeds: { fast: [1, 2], full: [1, 2, 3, 4, 5, 6] },
  run: (seed, io) =>
    runOnRig(seed, io, {}, async (rig) => {
      const phase = phaseOf(seed);
      const n = 1 + Math.floor(rig.random() * 3);
      const arm = () => rig.fault(`${phase}: WAF 403 × ${n}`, { wafBlockNext: n });
      const trip = await roundTrip(rig, phase === 'entry' ? { beforeEntry: arm } : { beforeExit: arm }, {
        exitTimeoutMs: 60_000,
      });
      if (trip.entered === 'Open')
        rig.check(trip.final === 'Closed', `the exit got out after the WAF (position ${trip.final})`);
      else
        rig.check(
          ['Cancelled', 'entry REJECTED'].includes(trip.entered),
          `a refused entry ended without a position (${trip.entered})`,
        );
    }),
};
