import type { ChaosScenario } from '../scenario';
import { runOnRig, type Rig } from '../rig';
import { intentsOf, phaseOf, roundTrip, type Phase } from './round-trip';

/*
 * Faults on the order path itself: the venue took the order and the answer was lost, or the venue
 * said "status unknown" having placed it or not, or could not be asked about it for the whole
 * recovery window. In every case one intent must end as one venue order or none, never two, and
 * NOT_FOUND only when the venue truly holds nothing.
 */

/** Arms `arm` just before the chosen phase's placement. */
const armAt = (phase: Phase, arm: () => Promise<void>) =>
  phase === 'entry' ? { beforeEntry: arm } : { beforeExit: arm };

/** Venue orders carrying one of the position's clientOrderIds. */
const venueOrdersOf = (rig: Rig, cids: string[]) =>
  rig.venue.allOrders('BTCUSDT').filter((o) => cids.includes(o.clientOrderId));

export const restTimeoutAfterAccept: ChaosScenario = {
  name: 'rest-timeout-after-accept',
  description:
    "the venue accepts the order but its REST answer never comes: the socket drops after 2 s, or it outlasts the bot's 10 s request timeout",
  seeds: { fast: [2, 3], full: [1, 2, 3, 4, 5, 6, 7, 8] },
  run: (seed, io) =>
    runOnRig(seed, io, {}, async (rig) => {
      const phase = phaseOf(seed);
      // Seeds 1, 2 (mod 4): the venue drops the socket first; 3, 0: the bot's own timeout fires first.
      const holdMs = seed % 4 === 1 || seed % 4 === 2 ? 2_000 : 12_000;
      const trip = await roundTrip(
        rig,
        armAt(phase, () =>
          rig.fault(`${phase}: answer lost after accept (held ${holdMs / 1000} s)`, {
            timeoutNextOrders: 1,
            timeoutHoldMs: holdMs,
          }),
        ),
      );
      rig.check(trip.entered === 'Open', `the accepted entry was adopted (position ${trip.entered})`);
      rig.check(trip.final === 'Closed', `the position was closed (it is ${trip.final})`);
    }),
};

export const unknownStatusPlaced: ChaosScenario = {
  name: 'unknown-status-placed',
  description: '503 / -1007 "execution status unknown" on a placement the venue did execute',
  seeds: { fast: [1, 2], full: [1, 2, 3, 4, 5, 6, 7, 8] },
  run: (seed, io) =>
    runOnRig(seed, io, {}, async (rig) => {
      const phase = phaseOf(seed);
      const trip = await roundTrip(
        rig,
        armAt(phase, () =>
          rig.fault(`${phase}: 503/-1007, placed`, { unknownStatusNext: 1, placeBeforeUnknown: true }),
        ),
      );
      rig.check(trip.entered === 'Open', `the placed entry was found and adopted (position ${trip.entered})`);
      rig.check(trip.final === 'Closed', `the position was closed (it is ${trip.final})`);
      const intents = await intentsOf(rig, trip.positionId);
      rig.check(
        !intents.some((i) => i.intent_status === 'NOT_FOUND'),
        'no intent of a placed order was called NOT_FOUND',
      );
    }),
};

export const unknownStatusNotPlaced: ChaosScenario = {
  name: 'unknown-status-not-placed',
  description: '503 / -1007 "execution status unknown" on a placement the venue never executed',
  seeds: { fast: [1, 2], full: [1, 2, 3, 4, 5, 6, 7, 8] },
  run: (seed, io) =>
    runOnRig(seed, io, {}, async (rig) => {
      const phase = phaseOf(seed);
      const trip = await roundTrip(
        rig,
        armAt(phase, () =>
          rig.fault(`${phase}: 503/-1007, not placed`, { unknownStatusNext: 1, placeBeforeUnknown: false }),
        ),
      );
      const intents = await intentsOf(rig, trip.positionId);
      const notFound = intents.filter((i) => i.intent_status === 'NOT_FOUND');
      rig.check(notFound.length === 1, `exactly one intent ended NOT_FOUND (found ${notFound.length})`);
      rig.check(
        venueOrdersOf(
          rig,
          notFound.map((i) => i.client_order_id),
        ).length === 0,
        'the NOT_FOUND intent has no order on the venue',
      );
      if (phase === 'entry')
        rig.check(
          trip.entered === 'Cancelled',
          `the never-placed entry ended Cancelled (it is ${trip.entered})`,
        );
      else
        rig.check(
          trip.final === 'Closed',
          `the exit was retried and the position closed (it is ${trip.final})`,
        );
    }),
};

export const lookupsFailRecoveryWindow: ChaosScenario = {
  name: 'lookups-fail-recovery-window',
  description:
    '503 / -1007 on a placement, then every order lookup fails (503 / -1008) for the whole recovery window',
  // Fast: the placed case (the dangerous one: NOT_FOUND for a live order); --full adds not placed.
  seeds: { fast: [1], full: [1, 2, 3, 4, 5, 6, 7, 8] },
  run: (seed, io) =>
    runOnRig(seed, io, {}, async (rig) => {
      // Odd seeds: the venue did place it; even: it did not. Always on the entry: the phantom's
      // fate decides whether there is a position at all.
      const placed = seed % 2 === 1;
      await rig.fault(`entry: 503/-1007, ${placed ? 'placed' : 'not placed'}`, {
        unknownStatusNext: 1,
        placeBeforeUnknown: placed,
      });
      // The user stream is stalled too, so no report settles the intent behind the lookups' back.
      await rig.fault('lookups 503/-1008 and user stream stalled for the recovery window + 2 s', {
        failOrderLookups: true,
        stallUserStream: true,
      });
      const proposal = await rig.propose();
      if (proposal.status !== 200) throw new Error(`the proposal answered ${proposal.status}`);
      // The window is 6 s (phantom_recovery_timeout_s); lookups fail for all of it and then some.
      await rig.sleep(8_000);
      const during = (await intentsOf(rig, proposal.positionId)).find((i) => i.purpose === 'ENTRY');
      rig.check(
        during?.intent_status !== 'NOT_FOUND',
        'no lookup answered, so the intent was not called NOT_FOUND while the venue could not be asked',
      );
      await rig.fault('lookups and user stream back', { failOrderLookups: false, stallUserStream: false });
      const p = await rig.waitPosition(
        proposal.positionId,
        (x) => ['Open', 'Cancelled', 'Error'].includes(x.status),
        'the phantom resolved',
        30_000,
      );
      const entry = (await intentsOf(rig, proposal.positionId)).find((i) => i.purpose === 'ENTRY');
      if (placed) {
        rig.check(
          p.status === 'Open',
          `the placed entry was adopted once lookups answered (position ${p.status})`,
        );
        rig.check(entry?.intent_status !== 'NOT_FOUND', 'a placed entry never ended NOT_FOUND');
        if (p.status === 'Open') {
          rig.check((await rig.close(p.id)) === 200, 'the adopted position could be closed');
          await rig.waitPosition(p.id, (x) => x.status === 'Closed', 'the close', 30_000);
        }
      } else {
        rig.check(p.status === 'Cancelled', `the never-placed entry ended Cancelled (position ${p.status})`);
        rig.check(
          entry?.intent_status === 'NOT_FOUND',
          `the never-placed entry ended NOT_FOUND (it is ${entry?.intent_status})`,
        );
      }
    }),
};
