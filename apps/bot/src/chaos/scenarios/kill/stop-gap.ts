import { Dec } from '@aurora/core';
import type { ChaosScenario } from '../../scenario';
import { waitFor } from '../../../integration/wait-for';
import { seededRandom, startKillRig } from './rig';

/*
 * An exchange-side stop (STOP_LOSS_LIMIT, its limit 0.5 % beyond the trigger) that triggers and
 * does not fill: the price gaps through the limit, the order rests on the book as a SELL limit
 * above the market. The bot must notice and carry out the exit itself — and when the market
 * comes back through the limit afterwards, the forgotten stop must not sell a second time.
 */

export const stopGapNoFill: ChaosScenario = {
  name: 'stop-gap-no-fill',
  description: 'the price gaps through an exchange-side stop’s limit: the stop triggers and does not fill',
  seeds: { fast: [1], full: [1, 2, 3, 4, 5] },
  async run(seed, io) {
    const r = seededRandom(seed);
    const faults: string[] = [];
    const failures: string[] = [];
    const rig = await startKillRig({ seed, exchangeSideExits: true });
    try {
      await rig.startBot();
      const entry = await rig.propose({ order_type: 'MARKET' });
      if (entry.status !== 200) throw new Error(`the entry was refused: ${entry.status}`);
      if (!(await rig.settle())) failures.push(`the entry did not settle: ${rig.settleError()}`);
      const open = (await rig.positions()).find((p) => p.status === 'Open');
      if (!open?.stop_price) throw new Error('no Open position with a stop');
      const stop = new Dec(open.stop_price);
      // 1–3 % under the trigger: well through the limit (0.5 % under it).
      const gap = stop.mul(1 - r.int(10, 30) / 1000).toDecimalPlaces(2);
      await rig.setPrice('BTCUSDT', gap.toFixed());
      faults.push(`price gapped from above ${stop.toFixed()} to ${gap.toFixed()}`);

      const resting = () =>
        rig
          .sim()
          .exchange.openOrders(rig.apiKey, 'BTCUSDT')
          .filter((o) => (o as unknown as { type: string }).type === 'STOP_LOSS_LIMIT');
      const closed = await waitFor(
        async () => {
          const p = (await rig.positions()).find((x) => x.id === open.id);
          return p?.status === 'Closed' ? p : undefined;
        },
        { timeoutMs: 30_000, what: 'the bot to carry out the exit' },
      ).catch((err: Error) => {
        failures.push(`the stop triggered unfilled and the bot did not exit: ${err.message}`);
        return null;
      });
      faults.push(
        closed
          ? `bot exited (${closed.exit_client_order_ids.length} exit order(s)); triggered stop ${resting().length ? 'still resting' : 'cancelled'}`
          : 'bot did not exit',
      );

      // The market comes back through the old limit: a stop left resting would sell again.
      await rig.setPrice('BTCUSDT', stop.toFixed());
      faults.push('price back at the trigger');
      await new Promise((res) => setTimeout(res, 1_500));
      if (!(await rig.settle())) failures.push(`the books did not come to rest: ${rig.settleError()}`);
      const end = (await rig.positions()).find((x) => x.id === open.id);
      return await rig.outcome(
        'stop-gap-no-fill',
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
