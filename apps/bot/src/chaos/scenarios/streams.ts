import type { ChaosScenario } from '../scenario';
import { runOnRig, type Rig } from '../rig';
import { waitFor } from '../../integration/wait-for';
import { phaseOf, roundTrip } from './round-trip';

/*
 * The streams failing: the user stream torn down while an order's fill reports are in flight,
 * the user stream silently stalled (connected, nothing delivered), and the market streams down
 * for six minutes of market time. Fills the stream never delivered must still be booked once,
 * from the answers and the reconciler; without market data the dead-man switch pauses entries
 * while exits are still managed.
 */

/** Until the records are clean, or `timeoutMs`; answers the last reading's off-count and details. */
async function cleanWithin(rig: Rig, timeoutMs: number): Promise<{ off: number; details: string[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await rig.records();
    const off = r.duplicates + r.lostFills + r.stuckPositions + r.drift;
    if (off === 0 || Date.now() >= deadline) return { off, details: r.details };
    await rig.sleep(1_000);
  }
}

export const userStreamDropMidFill: ChaosScenario = {
  name: 'user-stream-drop-mid-fill',
  description: 'the streams are torn down while an order sweeping a thin book is reporting its fills',
  seeds: { fast: [1, 2], full: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  run: (seed, io) =>
    runOnRig(seed, io, { depthFactor: 0.01 }, async (rig) => {
      const phase = phaseOf(seed);
      // The reports trail the answer by 50–400 ms on the realistic profile: drop inside that.
      const afterMs = Math.floor(rig.random() * 300);
      const drop = async () => {
        await rig.sleep(afterMs);
        await rig.fault(`${phase}: streams dropped ${afterMs} ms after the answer`, { dropStreams: true });
      };
      // The exit's drop runs beside the round trip: the row must not end (and close the venue)
      // before it has happened, or the fault lands on a closed venue after the verdict.
      let exitDrop: Promise<void> = Promise.resolve();
      const trip = await roundTrip(
        rig,
        phase === 'entry'
          ? { afterProposal: drop }
          : {
              // The exit is placed by the bot when the price crosses the stop: drop as it goes out.
              beforeExit: () => {
                exitDrop = drop();
                return Promise.resolve();
              },
            },
        { quantity: '0.01' },
      );
      await exitDrop;
      rig.check(trip.final === 'Closed', `the round trip completed (position ${trip.final})`);
      const fills = rig.venue.myTrades('BTCUSDT').length;
      rig.check(fills > 2, `the thin book gave several fills per order (${fills} venue trades)`);
    }),
};

export const userStreamDropBetweenPartialFills: ChaosScenario = {
  name: 'user-stream-drop-partial-fill',
  description:
    'a LIMIT entry fills in part, the streams drop, and the rest fills while the bot is disconnected',
  seeds: { fast: [3], full: [3, 4, 5, 6, 7, 8] },
  run: (seed, io) =>
    runOnRig(seed, io, { depthFactor: 0.01, config: { execution: { entry_timeout_s: 8 } } }, async (rig) => {
      const book = () => rig.venue.sim.exchange.bookTicker('BTCUSDT') as unknown as { askPrice: string };
      // At the best ask on a thin book: the first level fills, the rest of the order rests.
      const ask = book().askPrice;
      const proposal = await rig.propose('0.01', ask);
      if (proposal.status !== 200) throw new Error(`the proposal answered ${proposal.status}`);
      const id = proposal.positionId;
      const partial = await rig.waitPosition(
        id,
        (p) => ['PartiallyFilled', 'Open'].includes(p.status),
        'the first fill',
      );
      rig.log(`entry ${partial.status} with ${partial.filled_qty} after the first level`);
      await rig.fault('streams dropped between partial fills', { dropStreams: true });
      // The market comes down through the resting bid: the remainder fills while the bot reconnects.
      const lower = (Number(ask) * (0.999 - rig.random() * 0.001)).toFixed(2);
      await rig.venue.setPrice('BTCUSDT', lower);
      rig.noteFault(`price moved to ${lower} while disconnected`);
      const open = await rig.waitPosition(
        id,
        (p) => p.status === 'Open' || p.status === 'Cancelled',
        'the entry to complete',
        30_000,
      );
      const venueEntry = rig.venue.allOrders('BTCUSDT').find((o) => `pos-${o.clientOrderId}` === id);
      rig.check(
        open.filled_qty !== undefined && Number(open.filled_qty) === Number(venueEntry?.executedQty ?? -1),
        `the books hold the entry's whole venue fill (${open.filled_qty} booked, ${venueEntry?.executedQty} on the venue)`,
      );
      if (open.status !== 'Open') return;
      await rig.venue.setPrice('BTCUSDT', (Number(open.stop_price) * 0.99).toFixed(2));
      const closed = await rig.waitPosition(
        id,
        (p) => p.status === 'Closed' || p.status === 'Error',
        'the stop exit',
        30_000,
      );
      rig.check(closed.status === 'Closed', `the position closed (it is ${closed.status})`);
    }),
};

export const userStreamStall: ChaosScenario = {
  name: 'user-stream-stall',
  description: 'the user stream stays connected but delivers nothing: a whole round trip with no report',
  seeds: { fast: [1], full: [1, 2, 3, 4, 5, 6] },
  run: (seed, io) =>
    runOnRig(seed, io, { depthFactor: 0.01 }, async (rig) => {
      await rig.fault('user stream stalled (connected, no events)', { stallUserStream: true });
      const trip = await roundTrip(rig, {}, { quantity: '0.01' });
      rig.check(
        trip.final === 'Closed',
        `the round trip completed without a single report (position ${trip.final})`,
      );
      // Still stalled: the answers and the reconciler alone must make the books whole.
      const { off, details } = await cleanWithin(rig, 20_000);
      rig.check(off === 0, `the books were not whole within 20 s of a silent stall: ${details.join(' | ')}`);
    }),
};

const MIN = 60_000;

export const marketStreamDown: ChaosScenario = {
  name: 'market-stream-down-6min',
  description:
    'the market streams are down for 6 minutes of market time: dead-man pause, exits still managed',
  seeds: { fast: [1], full: [1, 2, 3, 4] },
  run: (seed, io) =>
    runOnRig(
      seed,
      io,
      {
        timeScale: 24,
        liveFeed: true,
        config: {
          execution: { recv_window_ms: 60_000 },
          dead_man: { market_data_timeout_min: 5, heartbeat_timeout_min: 1_440 },
        },
      },
      async (rig) => {
        const proposal = await rig.propose();
        if (proposal.status !== 200) throw new Error(`the proposal answered ${proposal.status}`);
        const open = await rig.waitPosition(
          proposal.positionId,
          (p) => p.status === 'Open',
          'the entry fill',
        );
        const downAt = rig.now();
        await rig.fault('market streams down for 6 min of market time', { marketStreamsDown: true });

        // Dead-man: paused after the 5 min timeout and before the outage ends. The bot checks once
        // a wall-clock second, 0.4 min of market time at 24×: the margin is for that and a loaded
        // machine, not a looser rule.
        let paused = false;
        while (rig.now() - downAt < 5.9 * MIN) {
          const s = await rig.state();
          if (s.no_go_reason?.code === 'DEAD_MAN_SWITCH' && s.trading_mode === 'PAUSED') {
            paused = true;
            break;
          }
          await rig.sleep(100);
        }
        const firedAfter = (rig.now() - downAt) / MIN;
        rig.log(
          `dead-man ${paused ? `paused after ${firedAfter.toFixed(2)} min of market time` : 'never fired'}`,
        );
        rig.check(
          paused,
          `the dead-man switch paused trading within 5.9 min of market time without market data`,
        );
        rig.check(
          !paused || firedAfter >= 4.9,
          `the dead-man switch fired early, after ${firedAfter.toFixed(2)} min of a 5 min timeout`,
        );

        // Paused: entries are refused…
        const during = await rig.propose().then(
          (p) => (p.status === 200 ? `allowed (${p.positionId})` : `refused ${p.status}`),
          (e: unknown) =>
            e instanceof Error && /blocked/.test(e.message) ? 'blocked' : `error: ${String(e)}`,
        );
        rig.log(`an entry proposed during the pause: ${during}`);
        rig.check(
          during === 'blocked' || /^refused 4\d\d$/.test(during),
          `an entry during the dead-man pause was ${during}`,
        );
        // …but exits are still managed: the stop is crossed while no market data flows.
        await rig.venue.setPrice('BTCUSDT', (Number(open.stop_price) * 0.99).toFixed(2));
        const closed = await rig
          .waitPosition(open.id, (p) => p.status === 'Closed', 'the stop exit without market data', 20_000)
          .then(
            () => true,
            () => false,
          );
        rig.check(closed, 'the stop was exited while the market streams were down (exits are never paused)');

        while (rig.now() - downAt < 6 * MIN) await rig.sleep(100);
        await rig.fault('market streams back', { marketStreamsDown: false });
        rig.check(
          (await rig.bot.api('/api/v1/control/resume', { method: 'POST', json: {} })).status === 200,
          'resume after the outage',
        );
        const s = await rig.state();
        rig.check(s.trading_mode === 'RUNNING', `trading resumed once data flowed (mode ${s.trading_mode})`);
      },
    ),
};

export const exchangeStopWhileStalled: ChaosScenario = {
  name: 'exchange-stop-fills-while-stalled',
  description:
    'with exchange-side stops, the venue stop fills while the user stream is stalled: the bot must not sell again',
  seeds: { fast: [1], full: [1, 2, 3, 4, 5, 6] },
  run: (seed, io) =>
    runOnRig(seed, io, { config: { execution: { exchange_side_exits: true } } }, async (rig) => {
      const proposal = await rig.propose();
      if (proposal.status !== 200) throw new Error(`the proposal answered ${proposal.status}`);
      const open = await rig.waitPosition(proposal.positionId, (p) => p.status === 'Open', 'the entry fill');
      const stopOnVenue = () =>
        rig.venue.openOrders('BTCUSDT').find((o) => o.type === 'STOP_LOSS_LIMIT' && o.side === 'SELL');
      const protective = await waitFor(() => stopOnVenue(), {
        what: 'the exchange-side stop',
        timeoutMs: 10_000,
      }).catch(() => undefined);
      rig.check(protective !== undefined, 'the Open position got its exchange-side stop');
      await rig.fault('user stream stalled', { stallUserStream: true });
      // Through the trigger, not through the limit (0.5 % below): the venue's stop fills.
      const through = (Number(open.stop_price) * 0.998).toFixed(2);
      await rig.venue.setPrice('BTCUSDT', through);
      rig.noteFault(`price through the stop to ${through}`);
      const closed = await rig
        .waitPosition(
          open.id,
          (p) => p.status === 'Closed' || p.status === 'Error',
          'the position to end',
          30_000,
        )
        .catch(() => undefined);
      rig.check(closed?.status === 'Closed', `the position closed (it is ${closed?.status ?? 'still open'})`);
      const sells = rig.venue
        .allOrders('BTCUSDT')
        .filter((o) => o.side === 'SELL' && Number(o.executedQty) > 0);
      rig.check(
        sells.length === 1,
        `exactly one exit executed on the venue (${sells.length}: ${sells.map((o) => o.type).join(', ')})`,
      );
    }),
};
