import { describe, expect, it } from 'vitest';
import { BinanceRejected } from '@aurora/binance';
import { defaultRuntimeConfig, type ExecutionConfig } from '@aurora/contracts';
import {
  dec,
  ExchangeRejected,
  ExecutionEngine,
  IdempotencyStore,
  InMemoryIntentStore,
  ManualClock,
  PositionEngine,
  type ReportOutcome,
  type UserStreamEvent,
} from '@aurora/core';
import { SimExchange } from '@aurora/exchange-sim';
import { CandleReplay } from './candle-replay';
import { InProcessVenue } from './in-process-venue';
import { seriesOf } from './testing.fixture';

const T0 = Date.UTC(2024, 0, 1);
const drain = () => new Promise<void>((r) => setImmediate(r));

/** The real execution engine and position engine on the in-process venue. */
async function rig(opts: { balances?: Record<string, string>; config?: Partial<ExecutionConfig> } = {}) {
  const clock = new ManualClock(T0);
  const sim = new SimExchange({ seed: 1, symbols: ['BTCUSDT'], clock, historyCandles: 0 });
  let replay: CandleReplay | null = null;
  const venue = new InProcessVenue({
    sim,
    balances: opts.balances ?? { USDT: '10000' },
    klines: (s, i, n) => replay!.klineRows(s, i, n),
  });
  await venue.start();
  const positions = new PositionEngine({ clock, quoteAsset: 'USDT', tradingDayOffsetMin: 0, priceOf: () => null });
  const config: ExecutionConfig = { ...defaultRuntimeConfig().execution, ...opts.config };
  let n = 0;
  const engine = new ExecutionEngine<ReportOutcome>({
    exchange: venue.exchange,
    intents: new InMemoryIntentStore(),
    idempotency: new IdempotencyStore({ clock }),
    positions,
    filters: (s) => venue.filters(s),
    config: () => config,
    clock,
    sleep: async (ms) => clock.advance(ms),
    newId: () => `bt-${++n}`,
  });
  const events: UserStreamEvent[] = [];
  venue.onUserEvent((e) => {
    events.push(e);
    if (e.kind === 'executionReport') engine.onExecutionReport(e);
  });
  const play = async (ohlc: string[][], from = T0) => {
    replay = new CandleReplay({
      sim,
      venue,
      series: [seriesOf('BTCUSDT', from, ohlc)],
      from,
      to: Infinity,
      advanceTo: (t) => clock.set(t),
      settle: drain,
    });
    await replay.run();
  };
  return { clock, sim, venue, positions, engine, events, play };
}

const entry = (over: Record<string, unknown> = {}) => ({
  proposalId: 'p-1',
  decisionId: null,
  symbol: 'BTCUSDT',
  side: 'BUY' as const,
  quantity: dec('0.01'),
  price: dec('42000'),
  stop: null,
  takeProfit: null,
  ...over,
});

describe('InProcessVenue with the execution engine', () => {
  it('loads the simulator rules and fills a MARKET entry with taker fees, through the live parsers', async () => {
    const r = await rig({ config: { entry_order_type: 'MARKET' } });
    r.sim.replayPrice('BTCUSDT', dec('42000'));
    expect(r.venue.filters('BTCUSDT')?.priceFilter?.tickSize.toFixed()).toBe('0.01');
    const out = await r.engine.executeEntry(entry());
    await drain();
    expect(out.kind).toBe('ACKED');
    const pos = r.positions.getPosition(out.kind === 'ACKED' ? out.intent.positionId! : '')!;
    expect(pos.status).toBe('Open');
    expect(pos.filledQty.toFixed()).toBe('0.01');
    // Commission 0.1 % in the base asset the buyer receives: it is held back from the position.
    expect(pos.openQty.toFixed()).toBe('0.00999');
    expect(pos.avgEntryPrice!.gt('42000')).toBe(true);
    const kinds = r.events.map((e) => e.kind);
    expect(kinds).toContain('executionReport');
    expect(kinds).toContain('outboundAccountPosition');
    expect(r.venue.holding('BTC').toFixed()).toBe('0.00999');
  });

  it('rests a LIMIT entry and fills it as a maker when the price path crosses it', async () => {
    const r = await rig();
    r.sim.replayPrice('BTCUSDT', dec('42000'));
    const out = await r.engine.executeEntry(entry({ price: dec('41900') }));
    expect(out.kind).toBe('ACKED');
    const id = out.kind === 'ACKED' ? out.intent.positionId! : '';
    expect(r.positions.getPosition(id)!.status).toBe('Pending');
    expect(r.sim.hasWorkingOrders('BTCUSDT')).toBe(true);
    // Minute 1 stays above the bid; minute 2 dips to 41850 on its way.
    await r.play([
      ['42000', '42100', '41950', '42050'],
      ['42050', '42060', '41850', '41990'],
    ]);
    const pos = r.positions.getPosition(id)!;
    expect(pos.status).toBe('Open');
    expect(pos.avgEntryPrice!.toFixed()).toBe('41900');
    const trades = await r.venue.exchange.getMyTrades('BTCUSDT');
    expect(trades).toHaveLength(1);
    expect(trades[0]!.isMaker).toBe(true);
    expect(trades[0]!.time).toBeGreaterThanOrEqual(T0 + 60_000);
  });

  it('turns -2010 insufficient balance into the live client\'s typed rejection', async () => {
    const r = await rig({ balances: { USDT: '100' }, config: { entry_order_type: 'MARKET' } });
    r.sim.replayPrice('BTCUSDT', dec('42000'));
    const err = await r.venue.exchange
      .placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.01'), clientOrderId: 'x-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceRejected);
    expect(err).toBeInstanceOf(ExchangeRejected);
    expect((err as BinanceRejected).code).toBe(-2010);
    expect((err as BinanceRejected).binanceMsg).toMatch(/insufficient balance/i);
    const out = await r.engine.executeEntry(entry());
    expect(out.kind).toBe('REJECTED');
    expect(await r.venue.exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'x-1' })).toBeNull();
  });

  it('triggers a protective STOP_LOSS_LIMIT inside a candle that trades through it', async () => {
    const r = await rig({ config: { entry_order_type: 'MARKET', exchange_side_exits: true } });
    r.sim.replayPrice('BTCUSDT', dec('42000'));
    const out = await r.engine.executeEntry(entry());
    await drain();
    const id = out.kind === 'ACKED' ? out.intent.positionId! : '';
    const stop = await r.engine.placeProtectiveOrder({
      positionId: id,
      kind: 'STOP_LOSS_LIMIT',
      triggerPrice: dec('41500'),
      limitPrice: dec('41400'),
    });
    expect(stop.kind).toBe('ACKED');
    // Opens and closes above the stop; only the low, 40 s into the minute, goes through it.
    await r.play([['42000', '42100', '41300', '41900']]);
    const pos = r.positions.getPosition(id)!;
    expect(pos.status).toBe('Closed');
    expect(pos.avgExitPrice!.lte('41500') && pos.avgExitPrice!.gte('41400')).toBe(true);
    expect(pos.realizedPnl.isNegative()).toBe(true);
  });

  it('answers klines with closed history only, parsed by the live mapper', async () => {
    const r = await rig();
    let seen = -1;
    r.venue.onMarketEvent(async (e) => {
      if (e.kind === 'kline' && e.kline.openTime === T0 + 60_000) seen = (await r.venue.exchange.getKlines('BTCUSDT', '1m', 10)).length;
    });
    await r.play([
      ['42000', '42100', '41950', '42050'],
      ['42050', '42060', '41850', '41990'],
      ['41990', '42000', '41900', '41950'],
    ]);
    expect(seen).toBe(2);
    const all = await r.venue.exchange.getKlines('BTCUSDT', '1m', 10);
    expect(all.map((k) => [k.close.toFixed(), k.closed])).toEqual([
      ['42050', true],
      ['41990', true],
      ['41950', true],
    ]);
    await expect(r.venue.exchange.getKlines('BTCUSDT', '1h', 10)).rejects.toBeInstanceOf(BinanceRejected);
  });
});
