import { expect } from 'vitest';
import { AuditBooksDto, AuditResponse } from '@aurora/contracts';
import {
  auditBooks,
  auditBooksFromDto,
  dec,
  orderKey,
  type AuditReport,
  type AuditViolation,
  type ExchangeOrder,
  type ExchangePort,
  type ExchangeTrade,
  type VenueTruth,
} from '@aurora/core';
import type { SimVenue } from './sim-venue';
import { fromOrderJson, fromTradeJson, type VenueOrderJson, type VenueTradeJson } from './venue-json';

type Api = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

/** Where the venue's truth comes from: the external simulator's matching engine, or a venue port. */
export type TruthSource = { sim: SimVenue } | { port: ExchangePort };

const HISTORY = 1000;

/** Every order, every trade and every balance of the account on these symbols: complete truth. */
async function readTruth(source: TruthSource, symbols: readonly string[]): Promise<VenueTruth> {
  const orders: ExchangeOrder[] = [];
  const tradesByOrder = new Map<string, ExchangeTrade[]>();
  const addTrades = (trades: ExchangeTrade[]) => {
    for (const t of trades) {
      const key = orderKey(t.symbol, t.orderId);
      tradesByOrder.set(key, [...(tradesByOrder.get(key) ?? []), t]);
    }
  };
  let balances;
  if ('sim' in source) {
    const { sim, apiKey } = source.sim;
    for (const symbol of symbols) {
      const page = (sim.exchange.allOrders(apiKey, symbol, { limit: HISTORY }) as unknown as VenueOrderJson[]).map(fromOrderJson);
      expect(page.length, `${symbol}: the order history fits one page`).toBeLessThan(HISTORY);
      orders.push(...page);
      addTrades((sim.exchange.myTrades(apiKey, symbol, { limit: HISTORY }) as unknown as VenueTradeJson[]).map(fromTradeJson));
    }
    const acct = sim.exchange.accountInfo(apiKey) as unknown as { balances: { asset: string; free: string; locked: string }[] };
    balances = acct.balances.map((b) => ({ asset: b.asset, free: dec(b.free), locked: dec(b.locked) }));
  } else {
    for (const symbol of symbols) {
      const page = await source.port.getAllOrders(symbol, { limit: HISTORY });
      expect(page.length, `${symbol}: the order history fits one page`).toBeLessThan(HISTORY);
      orders.push(...page);
      addTrades(await source.port.getMyTrades(symbol, { limit: HISTORY }));
    }
    balances = (await source.port.getAccount()).balances;
  }
  return { orders, openOrdersComplete: symbols, ordersComplete: symbols, tradesByOrder, balances };
}

/** The core auditor over the bot's books (GET /audit/books) and the venue's complete truth. */
export async function auditRunningBot(api: Api, source: TruthSource): Promise<AuditReport> {
  const res = await api('/api/v1/audit/books');
  expect(res.status).toBe(200);
  const books = auditBooksFromDto(AuditBooksDto.parse(await res.json()));
  const symbols = [...new Set([...books.symbols.map((s) => s.symbol), ...books.positions.map((p) => p.symbol)])].sort();
  const venue = await readTruth(source, symbols);
  return auditBooks({ books, venue, now: Date.now(), settleMs: 0 });
}

const describeViolations = (vs: AuditViolation[]) => vs.map((v) => `${v.check} ${v.symbol ?? '-'} ${v.ref}: ${v.detail}`);

/**
 * The end of every integration test: the bot's books agree with the venue's (checks A1–A5, see
 * @aurora/contracts audit). Reports still on their way are waited for (up to `timeoutMs`), then
 * whatever remains fails the test with its evidence. The bot's own audit (POST /audit, the venue
 * read through its ExchangePort) must find nothing either.
 */
export async function expectBooksClean(
  api: Api,
  source: TruthSource,
  opts: { timeoutMs?: number; botAudit?: boolean } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let report = await auditRunningBot(api, source);
  while (report.violations.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    report = await auditRunningBot(api, source);
  }
  expect(describeViolations(report.violations), 'books audit of the bot against the venue').toEqual([]);
  if (opts.botAudit === false) return;
  const res = await api('/api/v1/audit', { method: 'POST', json: {} });
  expect(res.status).toBe(200);
  const { result } = AuditResponse.parse(await res.json());
  expect({ error: result.error, violations: describeViolations(result.violations) }, "the bot's own books audit").toEqual({
    error: null,
    violations: [],
  });
}

/**
 * The truth of a bot's embedded simulator, read through the bot's own venue port (REST on
 * loopback): for tests whose venue lives inside the bot.
 */
export function embeddedVenueOf(bot: { runtime: { venue: { adapter: { exchange: ExchangePort } } | null } }): TruthSource {
  const port = bot.runtime.venue?.adapter.exchange;
  if (!port) throw new Error('the bot has no venue to audit against');
  return { port };
}
