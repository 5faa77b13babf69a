import type { ChaosScenario } from '../../scenario';
import { seededRandom, startKillRig, type KillRig } from './rig';
import type { TapEvent } from './tap-proxy';

/*
 * SIGKILL at a seeded point of the order path, seen from the venue's side of the wire (the tap
 * proxy), then a restart on the same data dir and the same venue. The points:
 *   lost      — the order request reached the venue's door and is never forwarded (the venue never
 *               has it): the restarted bot must settle the intent NOT_FOUND and never send it again;
 *   received  — the venue acted on the request, its answer is held: the bot must adopt the order;
 *   answered  — right after the venue's answer reached the bot;
 *   fill      — right after the fill's executionReport was relayed on the user stream;
 *   delay     — a seeded random delay (0–400 ms) after the proposal or the close was sent.
 * Each applies to one leg: the entry (BUY), the protective stop (exchange-side exits) or the
 * exit (a manual close or the take-profit reached).
 */

type Leg = 'entry' | 'protect' | 'exit';
type Point = 'lost' | 'received' | 'answered' | 'fill' | 'delay';

interface Plan {
  leg: Leg;
  point: Point;
  entryType: 'MARKET' | 'LIMIT';
  exchangeSideExits: boolean;
  exitBy: 'close' | 'target';
  delayMs: number;
  /** Move the market while the bot is down (the rest of a LIMIT entry fills unseen). */
  moveWhileDown: boolean;
}

const POINTS: Point[] = ['lost', 'received', 'answered', 'fill', 'delay'];
/** Every (leg, point) the order path has; seed n plays combination n mod 13, the rest is drawn. */
const COMBOS: [Leg, Point][] = [
  ...POINTS.map((p): [Leg, Point] => ['entry', p]),
  ...(['lost', 'received', 'answered'] as const).map((p): [Leg, Point] => ['protect', p]),
  ...POINTS.map((p): [Leg, Point] => ['exit', p]),
];

export function planOf(seed: number): Plan {
  const r = seededRandom(seed);
  const [leg, point] = COMBOS[(((seed - 1) % COMBOS.length) + COMBOS.length) % COMBOS.length]!;
  return {
    leg,
    point,
    entryType: leg === 'entry' ? r.pick(['MARKET', 'LIMIT'] as const) : 'MARKET',
    // The protective stop exists only with exchange-side exits.
    exchangeSideExits: leg === 'protect' || r.next() < 0.5,
    exitBy: r.pick(['close', 'target'] as const),
    delayMs: r.int(0, 400),
    moveWhileDown: r.next() < 0.5,
  };
}

const isLeg = (leg: Leg, side: string | null, type: string | null) =>
  leg === 'entry'
    ? side === 'BUY'
    : leg === 'protect'
      ? side === 'SELL' && type === 'STOP_LOSS_LIMIT'
      : side === 'SELL' && type !== 'STOP_LOSS_LIMIT';

/** The tap that kills the bot at the plan's point; `fired` says what it saw when it did. */
function armKill(rig: KillRig, plan: Plan, onFire: (what: string) => void): void {
  let fired = false;
  const fire = (what: string) => {
    if (fired) return;
    fired = true;
    rig.killNow();
    onFire(what);
  };
  rig.proxy.setTap((e: TapEvent) => {
    if (fired) return e.kind === 'request' || e.kind === 'answer' ? 'hold' : 'pass';
    if (e.kind === 'user-frame') {
      if (plan.point !== 'fill') return 'pass';
      const ev = userEvent(e.text);
      if (ev?.e === 'executionReport' && ev.x === 'TRADE' && isLeg(plan.leg, str(ev.S), str(ev.o)))
        fire(`SIGKILL after the ${plan.leg} fill was published (${str(ev.c)})`);
      return 'pass';
    }
    if (e.method !== 'POST' || e.path !== '/api/v3/order' || !isLeg(plan.leg, e.side, e.type)) return 'pass';
    if (plan.point === 'lost' && e.kind === 'request') {
      fire(`SIGKILL with the ${plan.leg} order at the venue's door, never forwarded`);
      return 'hold';
    }
    if (plan.point === 'received' && e.kind === 'answer') {
      fire(`SIGKILL after the venue took the ${plan.leg} order, its answer (${e.status}) held`);
      return 'hold';
    }
    if (plan.point === 'answered' && e.kind === 'answered')
      fire(`SIGKILL right after the ${plan.leg} order's answer (${e.status})`);
    return 'pass';
  });
}

function userEvent(text: string): Record<string, unknown> | null {
  try {
    const j = JSON.parse(text) as { event?: Record<string, unknown> };
    return j.event ?? null;
  } catch {
    return null;
  }
}
const str = (v: unknown) => (typeof v === 'string' ? v : null);

export const sigkillOrderPath: ChaosScenario = {
  name: 'sigkill-order-path',
  description:
    'the bot is killed with SIGKILL at a random point of an order’s life and restarted on the same data dir',
  seeds: { fast: [2, 12], full: Array.from({ length: 20 }, (_, i) => i + 1) },
  async run(seed, io) {
    const plan = planOf(seed);
    const faults: string[] = [];
    const failures: string[] = [];
    io.log(`sigkill-order-path seed=${seed}: plan ${JSON.stringify(plan)}`);
    const rig = await startKillRig({ seed, exchangeSideExits: plan.exchangeSideExits });
    try {
      const bot = await rig.startBot();
      let killed: string | null = null;
      const onFire = (what: string) => (killed = what);

      if (plan.leg === 'exit') {
        const res = await rig.propose({ order_type: 'MARKET' });
        if (res.status !== 200) throw new Error(`the entry was refused: ${res.status} ${await res.text()}`);
        if (!(await rig.settle())) failures.push('the entry did not settle before the exit');
        const open = (await rig.positions()).find((p) => p.status === 'Open');
        if (!open) throw new Error('no Open position to exit');
        armKill(rig, plan, onFire);
        if (plan.exitBy === 'close') {
          void bot
            .api(`/api/v1/positions/${open.id}/close`, { method: 'POST', json: { reason: 'chaos' } })
            .catch(() => null);
        } else {
          const target = Number(open.take_profit_price ?? '0');
          await rig.setPrice('BTCUSDT', (target * 1.001).toFixed(2));
        }
      } else {
        armKill(rig, plan, onFire);
        const body: Record<string, string> = { order_type: plan.entryType };
        if (plan.entryType === 'LIMIT') body.price = rig.bookTicker('BTCUSDT').askPrice.toFixed();
        void rig.propose(body).catch(() => null);
      }
      if (plan.point === 'delay')
        setTimeout(() => {
          if (killed === null) {
            rig.killNow();
            killed = `SIGKILL ${plan.delayMs} ms after the ${plan.leg === 'exit' ? 'exit' : 'proposal'} was sent`;
          }
        }, plan.delayMs);

      const exit = await Promise.race([
        bot.exited,
        new Promise<null>((r) => setTimeout(() => r(null), 15_000)),
      ]);
      if (exit === null || killed === null) {
        faults.push(`SIGKILL (fallback: the ${plan.point} point of the ${plan.leg} never came)`);
        failures.push(`the ${plan.leg}'s ${plan.point} point was never reached within 15 s`);
      } else faults.push(killed);
      await rig.kill();
      rig.proxy.setTap(null);

      if (plan.moveWhileDown) {
        // The market trades 0.2 % lower while nobody watches: a resting BUY at the ask fills.
        const bid = rig.bookTicker('BTCUSDT').bidPrice;
        await rig.setPrice('BTCUSDT', bid.mul('0.998').toDecimalPlaces(2).toFixed());
        faults.push('market moved -0.2 % while the bot was down');
      }

      await rig.startBot();
      faults.push('restart on the same data dir and venue');
      // A request lost at the venue's door is settled NOT_FOUND only past the phantom grace
      // (request timeout 10 s + phantom_recovery_timeout_s 2 s + 5 s) and the next reconcile (5 s).
      if (!(await rig.settle(45_000)))
        failures.push(`the books did not come to rest after the restart: ${rig.settleError()}`);
      return await rig.outcome(
        'sigkill-order-path',
        faults,
        failures,
        io,
        `${plan.leg}/${plan.point}${plan.exchangeSideExits ? ' +stops' : ''}`,
      );
    } finally {
      await rig.close();
    }
  },
};
