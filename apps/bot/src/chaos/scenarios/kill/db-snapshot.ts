import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChaosScenario } from '../../scenario';
import { seededRandom, startKillRig, type KillRig } from './rig';

/*
 * A crash-consistent snapshot: while the bot trades, it is frozen (SIGSTOP) at a seeded instant,
 * its data dir copied as it is — the SQLite database with its -wal and -shm exactly as a power
 * cut or a VM snapshot leaves them — and thawed (SIGCONT). It trades on; then it is killed and a
 * new bot starts from the copy on the same venue. Orders placed after the snapshot are on the
 * venue, not in the copy: the new bot must take them for its own (our clientOrderId prefix),
 * book their fills once, and never place them again.
 */

type Step = 'enter' | 'close' | 'enter-limit';

function planOf(seed: number) {
  const r = seededRandom(seed);
  const steps: Step[] = [];
  const n = r.int(4, 7);
  let open = 0;
  for (let i = 0; i < n; i++) {
    const s: Step = open > 0 && r.next() < 0.45 ? 'close' : r.next() < 0.25 ? 'enter-limit' : 'enter';
    if (s === 'close') open -= 1;
    else open += 1;
    steps.push(s);
  }
  return {
    steps,
    exchangeSideExits: r.next() < 0.5,
    /** The snapshot is taken while step `at` runs, `delayMs` after it started. */
    at: r.int(0, n - 1),
    delayMs: r.int(0, 250),
  };
}

/** Freeze the process, copy its data dir, thaw it: the files as they are at that instant. */
function snapshot(rig: KillRig, into: string): string[] {
  const pid = rig.bot().child.pid;
  if (pid === undefined) throw new Error('the bot has no pid');
  process.kill(pid, 'SIGSTOP');
  try {
    cpSync(rig.dir, into, { recursive: true });
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  return readdirSync(into).filter((f) => f.startsWith('aurora.sqlite'));
}

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'];

/** One step of trading; the bot holds one position per symbol, so an entry takes a free one. */
async function runStep(rig: KillRig, step: Step, log: (l: string) => void): Promise<void> {
  const bot = rig.bot();
  const open = (await rig.positions()).filter((p) => p.status === 'Open' || p.status === 'Pending');
  const free = SYMBOLS.filter((s) => !open.some((p) => p.symbol === s));
  if (step === 'close' || free.length === 0) {
    const p = open.find((x) => x.status === 'Open');
    if (!p) return;
    const res = await bot.api(`/api/v1/positions/${p.id}/close`, {
      method: 'POST',
      json: { reason: 'chaos' },
    });
    if (res.status !== 200) log(`close ${p.id} answered ${res.status}: ${await res.text()}`);
  } else {
    const symbol = free[0]!;
    const body: Record<string, string> =
      step === 'enter'
        ? { symbol, order_type: 'MARKET' }
        : // A resting BUY 0.3 % under the bid: still open on the venue when the copy is taken.
          {
            symbol,
            order_type: 'LIMIT',
            price: rig.bookTicker(symbol).bidPrice.mul('0.997').toDecimalPlaces(2).toFixed(),
          };
    const res = await rig.propose({ ...body, ...(symbol === 'BTCUSDT' ? { quantity: '0.005' } : {}) });
    const text = await res.text();
    // A decision the risk layers blocked still answers 200: the verdict is in the body.
    type Gate = { verdict: string; reason: string };
    const d = (JSON.parse(text) as { decision?: { final_decision?: string; gates?: Gate[] } }).decision;
    if (res.status !== 200 || d?.final_decision !== 'ALLOW') {
      const why = d?.gates?.find((g) => g.verdict !== 'ALLOW')?.reason ?? text.slice(0, 300);
      log(`${step} ${symbol} answered ${res.status}: ${d?.final_decision ?? ''} ${why}`);
    }
  }
  // Long enough for the venue's answers and reports (the realistic profile delays them up to
  // 400 ms); a resting LIMIT stays Pending, so "at rest" is not the thing to wait for.
  await new Promise((r) => setTimeout(r, 1_500));
}

export const dbSnapshotRestore: ChaosScenario = {
  name: 'db-snapshot-restore',
  description:
    'the database files are copied at a random instant while the bot trades, and a new bot starts from the copy',
  seeds: { fast: [5], full: Array.from({ length: 20 }, (_, i) => i + 1) },
  async run(seed, io) {
    const plan = planOf(seed);
    io.log(`db-snapshot-restore seed=${seed}: plan ${JSON.stringify(plan)}`);
    const faults: string[] = [];
    const failures: string[] = [];
    const rig = await startKillRig({
      seed,
      exchangeSideExits: plan.exchangeSideExits,
      // The market moves (every symbol's quote stays fresh); a losing close starts no cool-down.
      feedRunning: true,
      config: (c) => (c.insurance = { ...(c.insurance ?? {}), loss_cooldown_min: 0 }),
    });
    const copy = mkdtempSync(join(tmpdir(), 'aurora-chaos-copy-'));
    rmSync(copy, { recursive: true, force: true });
    try {
      await rig.startBot();
      let files: string[] | null = null;
      for (const [i, step] of plan.steps.entries()) {
        const running = runStep(rig, step, (l) => io.log(`db-snapshot-restore seed=${seed}: ${l}`));
        if (i === plan.at) {
          await new Promise((r) => setTimeout(r, plan.delayMs));
          files = snapshot(rig, copy);
          faults.push(
            `snapshot during step ${i + 1}/${plan.steps.length} (${step}) +${plan.delayMs} ms: ${files.join(', ')}`,
          );
        }
        await running;
      }
      await rig.kill();
      faults.push('SIGKILL, new bot from the copy');
      await rig.startBot(copy);
      if (!(await rig.settle(45_000))) failures.push(`the books did not come to rest: ${rig.settleError()}`);
      return await rig.outcome(
        'db-snapshot-restore',
        faults,
        failures,
        io,
        `${plan.steps.join(',')}${plan.exchangeSideExits ? ' +stops' : ''}`,
      );
    } finally {
      await rig.close();
      rmSync(copy, { recursive: true, force: true });
    }
  },
};
