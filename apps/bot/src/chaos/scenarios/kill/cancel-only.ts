import { StateSnapshot } from '@aurora/contracts';
import type { ChaosScenario } from '../../scenario';
import { seededRandom, startKillRig } from './rig';
import { waitFor } from '../../../integration/wait-for';

/*
 * The symbol goes CANCEL_ONLY with an open, protected position (Binance: cancels work, new orders
 * get -2010 "Market is closed."). An entry on a CANCEL_ONLY symbol must be refused and counted;
 * an exit asked for meanwhile cancels the stop and cannot place its order: the bot must not spin
 * (a bounded number of order requests), must keep the position and say so. Back to TRADING, the
 * position is protected again.
 */

const SPIN_WINDOW_MS = 5_000;
/** Order requests for the halted symbol allowed in the window: the first try and a few spaced retries. */
const SPIN_LIMIT = 6;

export const cancelOnlyOpenPosition: ChaosScenario = {
  name: 'cancel-only-open-position',
  description:
    'the symbol goes CANCEL_ONLY while a protected position is open, an exit is asked for, then it trades again',
  seeds: { fast: [1], full: [1, 2, 3, 4, 5] },
  async run(seed, io) {
    const r = seededRandom(seed);
    const faults: string[] = [];
    const failures: string[] = [];
    const rig = await startKillRig({ seed, exchangeSideExits: true });
    try {
      const bot = await rig.startBot();
      const entry = await rig.propose({ order_type: 'MARKET' });
      if (entry.status !== 200) throw new Error(`the entry was refused: ${entry.status}`);
      if (!(await rig.settle())) failures.push(`the entry did not settle: ${rig.settleError()}`);
      const open = (await rig.positions()).find((p) => p.status === 'Open');
      if (!open) throw new Error('no Open position');

      await rig.admin('symbol-status', { symbol: 'BTCUSDT', status: 'CANCEL_ONLY' });
      await rig.admin('symbol-status', { symbol: 'ETHUSDT', status: 'CANCEL_ONLY' });
      faults.push('BTCUSDT and ETHUSDT to CANCEL_ONLY');
      // The bot learns a symbol's status from exchangeInfo; give it a seeded moment to notice.
      await new Promise((res) => setTimeout(res, r.int(0, 2_000)));

      const ethBefore = rig.sim().exchange.allOrders(rig.apiKey, 'ETHUSDT').length;
      const refused = await rig.propose({ symbol: 'ETHUSDT', order_type: 'MARKET' });
      const decision = (await refused.json()) as { decision?: { final_decision?: string } };
      if (refused.status === 200 && decision.decision?.final_decision === 'ALLOW')
        io.log(
          `cancel-only seed=${seed}: the ETHUSDT entry was allowed by the bot (the venue must refuse it)`,
        );
      const ethAfter = rig.sim().exchange.allOrders(rig.apiKey, 'ETHUSDT').length;
      if (ethAfter !== ethBefore)
        failures.push(`an ETHUSDT order reached the CANCEL_ONLY book (${ethAfter - ethBefore})`);

      const before = rig.proxy.requests().length;
      const close = await bot.api(`/api/v1/positions/${open.id}/close`, {
        method: 'POST',
        json: { reason: 'chaos' },
      });
      faults.push(`manual close under CANCEL_ONLY answered ${close.status}`);
      await new Promise((res) => setTimeout(res, SPIN_WINDOW_MS));
      const posts = rig.proxy
        .requests()
        .slice(before)
        .filter((x) => x === 'POST /api/v3/order').length;
      if (posts > SPIN_LIMIT)
        failures.push(`the bot spun: ${posts} order requests in ${SPIN_WINDOW_MS} ms (limit ${SPIN_LIMIT})`);
      const held = (await rig.positions()).find((p) => p.id === open.id);
      if (held?.status !== 'Open')
        failures.push(`the position is ${held?.status ?? 'gone'} under CANCEL_ONLY, not kept Open`);
      const state = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
      const flagged = state.recent_errors.some((e) =>
        /EXIT|PROTECTIVE|SYMBOL|CLOSED/i.test(`${e.code} ${e.message}`),
      );
      if (!flagged) failures.push('nothing in recent_errors says the exit or the protection was refused');
      const unprotected = !rig
        .sim()
        .exchange.openOrders(rig.apiKey, 'BTCUSDT')
        .some((o) => (o as unknown as { type: string }).type === 'STOP_LOSS_LIMIT');
      faults.push(
        `${posts} order requests in ${SPIN_WINDOW_MS / 1000} s; stop on the venue: ${unprotected ? 'cancelled' : 'kept'}`,
      );

      await rig.admin('symbol-status', { symbol: 'BTCUSDT', status: 'TRADING' });
      await rig.admin('symbol-status', { symbol: 'ETHUSDT', status: 'TRADING' });
      faults.push('back to TRADING');
      // Protection restored (or the exit the operator asked for carried out): nothing left bare.
      await waitFor(
        async () => {
          const p = (await rig.positions()).find((x) => x.id === open.id);
          const stop = rig
            .sim()
            .exchange.openOrders(rig.apiKey, 'BTCUSDT')
            .some((o) => (o as unknown as { type: string }).type === 'STOP_LOSS_LIMIT');
          return p?.status === 'Closed' || (p?.status === 'Open' && stop) || undefined;
        },
        { timeoutMs: 40_000, what: 'the position protected again or closed' },
      ).catch((err: Error) => failures.push(`after TRADING: ${err.message}`));
      if (!(await rig.settle())) failures.push(`the books did not come to rest: ${rig.settleError()}`);
      const end = (await rig.positions()).find((x) => x.id === open.id);
      return await rig.outcome(
        'cancel-only-open-position',
        faults,
        failures,
        io,
        `position ends ${end?.status ?? '?'}`,
      );
    } finally {
      await rig.close();
    }
  },
};
