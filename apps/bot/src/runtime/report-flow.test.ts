import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PositionsResponse } from '@aurora/contracts';
import { UnknownExecutionStatus, type PlaceOrderRequest, type UserStreamEvent } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import { startTestBot, type TestBot } from '../testing/bot-harness';

/*
 * C1 at the bot's level: a closing trade reaches the risk engine (and trade insurance) exactly
 * once, whichever path told the bot first — the FULL REST answer ahead of a lagging stream, the
 * stream ahead of the answer, the bot's own order lookup after a lost answer, or no stream at all.
 */

let bot: TestBot;
type Listener = (e: UserStreamEvent) => void;
/** How the user stream reaches the runtime: on time, late by `ms`, or not at all. */
const stream: { mode: 'live' | 'late' | 'down'; ms: number } = { mode: 'live', ms: 400 };
const riskCloses: string[] = [];
const insuranceCloses: string[] = [];
const strategyFills: { side: string; quantity: number }[] = [];

beforeAll(async () => {
  bot = await startTestBot();
  const deadline = Date.now() + 15_000;
  while (!bot.ctx.state.ready) {
    if (Date.now() > deadline) throw new Error('bot not ready');
    await new Promise((r) => setTimeout(r, 50));
  }
  // The embedded simulator sends user events before its REST answers; put the lag in between.
  const listeners = (bot.runtime.venue!.adapter.userStream as unknown as { listeners: Set<Listener> })
    .listeners;
  const originals = [...listeners];
  listeners.clear();
  for (const l of originals)
    listeners.add((e) => {
      if (stream.mode === 'live' || e.kind !== 'executionReport') l(e);
      else if (stream.mode === 'late') setTimeout(() => l(e), stream.ms);
    });
  const { risk, insurance } = bot.runtime.engines;
  const onRisk = risk.onTradeClosed.bind(risk);
  risk.onTradeClosed = (tradeId: string, pnl: Decimal) => {
    riskCloses.push(tradeId);
    onRisk(tradeId, pnl);
  };
  const onInsurance = insurance.onTradeClosed.bind(insurance);
  insurance.onTradeClosed = (symbol: string, pnl: Decimal) => {
    insuranceCloses.push(symbol);
    onInsurance(symbol, pnl);
  };
  // The symbol's strategy hears of every fill of ours, once.
  const runner = bot.runtime.engines.strategies.get('BTCUSDT')!;
  const onFill = runner.onFill.bind(runner);
  runner.onFill = (f) => {
    strategyFills.push({ side: f.side, quantity: f.quantity });
    onFill(f);
  };
  // Round trips back to back on one symbol: no loss cool-down, no breaker in the way.
  const patch = await bot.api('/api/v1/config', {
    method: 'PATCH',
    json: { insurance: { loss_cooldown_min: 0 }, risk: { max_consecutive_losses: 100 } },
  });
  expect(patch.status).toBe(200);
});

afterAll(async () => {
  await bot?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openPosition(): Promise<{ id: string; decisionId: string }> {
  const res = await bot.api('/api/v1/proposals', {
    method: 'POST',
    json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.001' },
  });
  expect(res.status).toBe(200);
  const deadline = Date.now() + 5_000;
  for (;;) {
    const open = PositionsResponse.parse(await (await bot.api('/api/v1/positions?status=open')).json());
    const p = open.items.find((x) => x.status === 'Open');
    if (p) return { id: p.id, decisionId: bot.runtime.engines.positions.getPosition(p.id)!.decisionId! };
    if (Date.now() > deadline) throw new Error('entry never opened');
    await sleep(50);
  }
}

async function closeAndSettle(id: string): Promise<void> {
  const res = await bot.api(`/api/v1/positions/${id}/close`, { method: 'POST', json: { reason: 'test' } });
  expect(res.status).toBe(200);
  // Long enough for a late stream's copies of the same fills to arrive and be applied.
  await sleep(stream.ms + 400);
  expect(bot.runtime.engines.positions.getPosition(id)?.status).toBe('Closed');
}

/** One round trip under the given stream; the exit's placement may be tampered with. */
async function roundTrip(
  mode: typeof stream.mode,
  exitPlacement?: (
    original: (r: PlaceOrderRequest) => Promise<unknown>,
    r: PlaceOrderRequest,
  ) => Promise<never>,
) {
  stream.mode = 'live';
  const { id, decisionId } = await openPosition();
  stream.mode = mode;
  const exchange = bot.runtime.venue!.adapter.exchange;
  const original = exchange.placeOrder.bind(exchange);
  if (exitPlacement) exchange.placeOrder = (r) => exitPlacement(original, r);
  const before = riskCloses.length;
  try {
    await closeAndSettle(id);
  } finally {
    exchange.placeOrder = original;
    stream.mode = 'live';
  }
  return { decisionId, told: riskCloses.slice(before) };
}

describe('a closing trade reaches risk exactly once, whichever path came first', () => {
  it('when the FULL REST answer beats a user stream lagging 400 ms', async () => {
    const { decisionId, told } = await roundTrip('late');
    expect(told).toEqual([decisionId]);
  });

  it('when the user stream comes first', async () => {
    const { decisionId, told } = await roundTrip('live');
    expect(told).toEqual([decisionId]);
  });

  it('when the answer is lost and the bot’s own lookup settles the exit, the stream arriving later', async () => {
    const { decisionId, told } = await roundTrip('late', async (original, r) => {
      await original(r);
      throw new UnknownExecutionStatus('Timeout waiting for response', -1007, 408);
    });
    expect(told).toEqual([decisionId]);
  });

  it('when the user stream is down', async () => {
    const { decisionId, told } = await roundTrip('down');
    expect(told).toEqual([decisionId]);
  });

  it('and trade insurance heard of every close once too', () => {
    expect(insuranceCloses).toEqual(['BTCUSDT', 'BTCUSDT', 'BTCUSDT', 'BTCUSDT']);
    expect(riskCloses).toHaveLength(4);
  });

  it('and the strategy heard of each fill once, whether the answer or the stream brought it', () => {
    const bought = strategyFills.filter((f) => f.side === 'BUY').reduce((a, f) => a + f.quantity, 0);
    expect(bought).toBeCloseTo(0.004, 9);
    expect(strategyFills.some((f) => f.side === 'SELL')).toBe(true);
  });
});
