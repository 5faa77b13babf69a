import {
  AuditBooksDto,
  AuditResponse,
  OrdersResponse,
  PositionsResponse,
  ReconcileResponse,
  ConfigResponse,
  TradesResponse,
  type OrderDto,
  type PositionDto,
  type TradeDto,
} from '@aurora/contracts';
import {
  auditBooks,
  auditBooksFromDto,
  dec,
  isOurClientOrderId,
  orderKey,
  type ExchangeOrder,
  type ExchangeTrade,
  type VenueTruth,
} from '@aurora/core';
import type { SimServer } from '@aurora/exchange-sim';
import { fromOrderJson, fromTradeJson, type VenueOrderJson, type VenueTradeJson } from '../integration/venue-json';

export type { VenueOrderJson, VenueTradeJson };

/*
 * The chaos verdict's evidence: the venue's OWN records for the bot's account (every order by
 * clientOrderId, every trade) against the bot's books as its API shows them, plus the final
 * reconcile and both books audits. Nothing here trusts a log line or the bot's opinion of itself:
 * a duplicate is two venue orders, a lost fill is a venue trade the books do not hold once.
 */

/** The bot's HTTP API, authorised (startTestBot's `api`, or a bot process's). */
export type BotApi = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

/**
 * Where the venue's records are read: the simulator's matching engine for one account. An
 * interface, not the SimServer, so a scenario that restarts the venue (a new server over the same
 * state) points it at whichever server is current.
 */
export interface VenueLedger {
  allOrders(symbol: string): VenueOrderJson[];
  myTrades(symbol: string): VenueTradeJson[];
  balances(): { asset: string; free: string; locked: string }[];
}

/** More than this per symbol and the ledger would be a page, not the whole truth: refused. */
const HISTORY = 1000;

export function ledgerOfSim(sim: SimServer | (() => SimServer), apiKey: string): VenueLedger {
  const ex = () => (typeof sim === 'function' ? sim() : sim).exchange;
  const whole = <T>(symbol: string, what: string, rows: T[]): T[] => {
    if (rows.length >= HISTORY)
      throw new Error(`${symbol}: the venue holds ${HISTORY}+ ${what}, more than one page`);
    return rows;
  };
  return {
    allOrders: (symbol) =>
      whole(
        symbol,
        'orders',
        ex().allOrders(apiKey, symbol, { limit: HISTORY }) as unknown as VenueOrderJson[],
      ),
    myTrades: (symbol) =>
      whole(
        symbol,
        'trades',
        ex().myTrades(apiKey, symbol, { limit: HISTORY }) as unknown as VenueTradeJson[],
      ),
    balances: () =>
      (ex().accountInfo(apiKey) as unknown as { balances: { asset: string; free: string; locked: string }[] })
        .balances,
  };
}

/** The bot's books as its API shows them. */
export interface BotBooks {
  orders: OrderDto[];
  trades: TradeDto[];
  positions: PositionDto[];
  /** execution.exchange_side_exits: an Open position with a stop must hold a live stop order on the venue. */
  exchangeSideExits: boolean;
}

/** The venue's orders and trades for the symbols the bot trades or touched. */
export interface VenueRecordsIn {
  orders: VenueOrderJson[];
  trades: VenueTradeJson[];
}

export interface RecordCounts {
  /** The account's orders placed by this bot (our clientOrderId prefix) on the venue. */
  orders: number;
  /** The venue's trades of those orders. */
  fills: number;
  duplicates: number;
  lostFills: number;
  stuckPositions: number;
  /** One line per counted item, for the log and the failure message. */
  details: string[];
}

const OPEN_VENUE: ReadonlySet<string> = new Set(['NEW', 'PARTIALLY_FILLED', 'PENDING_CANCEL']);
const TRANSITIONAL: ReadonlySet<string> = new Set(['Pending', 'PartiallyFilled', 'Closing']);
const UNSETTLED_INTENT: ReadonlySet<string> = new Set(['CREATED', 'SUBMITTING', 'UNKNOWN']);

const tradeRef = (symbol: string, orderId: string | number, tradeId: string | number) =>
  `${symbol}:${orderId}:${tradeId}`;

/**
 * The counts that must be zero, from the venue's records and the bot's books (pure).
 *
 * duplicates — every clientOrderId names one intent (a retry, an exit or a re-protect is a new
 * intent with a new id), so: (a) a clientOrderId on more than one venue order, each extra one;
 * (b) a venue order of ours the books hold no intent for, or hold as never placed (REJECTED,
 * NOT_FOUND) — the belief that leads to a second order; (c) a position whose venue exits
 * executed more than its entry (an exit sent twice under two ids); (d) a position with more than
 * one live exit-side order on the venue.
 *
 * lostFills — a venue trade of one of our orders that the books do not hold, or hold more than
 * once; and a booked trade the venue does not have.
 *
 * stuckPositions — a position in a transitional status (Pending, PartiallyFilled, Closing) with no
 * live venue order to move it, or in Error with quantity still open; an Open position with nothing protecting it (no stop
 * at all, or with exchange-side exits no live stop order); an intent still unsettled.
 */
export function countVenueRecords(venue: VenueRecordsIn, books: BotBooks): RecordCounts {
  const details: string[] = [];
  const ours = venue.orders.filter((o) => isOurClientOrderId(o.clientOrderId));
  const byCid = new Map<string, VenueOrderJson[]>();
  for (const o of ours) byCid.set(o.clientOrderId, [...(byCid.get(o.clientOrderId) ?? []), o]);
  const intentByCid = new Map(books.orders.map((i) => [i.client_order_id, i]));

  let duplicates = 0;
  for (const [cid, list] of byCid) {
    if (list.length > 1) {
      duplicates += list.length - 1;
      details.push(
        `duplicate: ${cid} is on ${list.length} venue orders (${list.map((o) => o.orderId).join(', ')})`,
      );
    }
    const intent = intentByCid.get(cid);
    if (!intent) {
      duplicates += 1;
      details.push(
        `duplicate: venue order ${list[0]!.symbol}#${list[0]!.orderId} (${cid}) has no intent in the books`,
      );
    } else if (intent.intent_status === 'REJECTED' || intent.intent_status === 'NOT_FOUND') {
      duplicates += 1;
      details.push(`duplicate: ${cid} is on the venue but the books hold its intent ${intent.intent_status}`);
    }
  }

  const venueQty = (cid: string) => (byCid.get(cid) ?? []).reduce((s, o) => s.plus(o.executedQty), dec(0));
  const liveOf = (cid: string) => (byCid.get(cid) ?? []).filter((o) => OPEN_VENUE.has(o.status));
  const cidsOf = (p: PositionDto) => {
    const exits = new Set(p.exit_client_order_ids);
    for (const i of books.orders)
      if (i.position_id === p.id && i.purpose !== 'ENTRY') exits.add(i.client_order_id);
    return [...exits];
  };
  let stuckPositions = 0;
  for (const p of books.positions) {
    const exits = cidsOf(p);
    const entered = venueQty(p.entry_client_order_id);
    const exited = exits.reduce((s, cid) => s.plus(venueQty(cid)), dec(0));
    if (exited.gt(entered)) {
      duplicates += 1;
      details.push(
        `duplicate: ${p.id} exited ${exited.toFixed()} on the venue, more than its entry's ${entered.toFixed()}`,
      );
    }
    const liveExits = exits.flatMap(liveOf);
    if (liveExits.length > 1) {
      duplicates += liveExits.length - 1;
      details.push(`duplicate: ${p.id} has ${liveExits.length} live exit-side venue orders`);
    }
    const live = [...liveOf(p.entry_client_order_id), ...liveExits];
    if (p.status === 'Error' && dec(p.open_qty).gt(0)) {
      // The bot gave up on it: an open quantity nothing manages any more.
      stuckPositions += 1;
      details.push(
        `stuck: ${p.id} is Error${p.error_reason ? ` (${p.error_reason})` : ''} with ${p.open_qty} open`,
      );
    } else if (TRANSITIONAL.has(p.status) && live.length === 0) {
      stuckPositions += 1;
      details.push(`stuck: ${p.id} is ${p.status} with no live venue order`);
    } else if (p.status === 'Open' && dec(p.open_qty).gt(0)) {
      if (p.stop_price === null && p.trailing_stop_price === null) {
        stuckPositions += 1;
        details.push(`stuck: ${p.id} is Open with no stop`);
      } else if (books.exchangeSideExits && p.stop_price !== null && liveExits.length === 0) {
        stuckPositions += 1;
        details.push(`stuck: ${p.id} is Open without a live exchange-side stop`);
      }
    }
  }
  for (const i of books.orders) {
    if (UNSETTLED_INTENT.has(i.intent_status)) {
      stuckPositions += 1;
      details.push(`stuck: intent ${i.intent_id} (${i.client_order_id}) is still ${i.intent_status}`);
    }
  }

  const ourOrderKeys = new Set(ours.map((o) => `${o.symbol}:${o.orderId}`));
  const venueTrades = venue.trades.filter((t) => ourOrderKeys.has(`${t.symbol}:${t.orderId}`));
  const booked = new Map<string, number>();
  for (const t of books.trades) {
    const ref = tradeRef(t.symbol, t.order_id, t.trade_id);
    booked.set(ref, (booked.get(ref) ?? 0) + 1);
  }
  let lostFills = 0;
  const venueRefs = new Set<string>();
  for (const t of venueTrades) {
    const ref = tradeRef(t.symbol, t.orderId, t.id);
    venueRefs.add(ref);
    const n = booked.get(ref) ?? 0;
    if (n !== 1) {
      lostFills += 1;
      details.push(`lost fill: venue trade ${ref} (${t.qty} @ ${t.price}) is booked ${n} times`);
    }
  }
  for (const ref of booked.keys()) {
    if (!venueRefs.has(ref)) {
      lostFills += 1;
      details.push(`lost fill: booked trade ${ref} is not on the venue`);
    }
  }
  return { orders: ours.length, fills: venueTrades.length, duplicates, lostFills, stuckPositions, details };
}

/** Every page of a list endpoint. */
async function allPages<T>(
  api: BotApi,
  path: string,
  parse: (json: unknown) => { items: T[]; total: number },
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api(`${path}${sep}limit=500&offset=${items.length}`);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    const page = parse(await res.json());
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

async function getJson(api: BotApi, path: string, init?: RequestInit & { json?: unknown }): Promise<unknown> {
  const res = await api(path, init);
  if (res.status !== 200)
    throw new Error(`${init?.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** The bot's books from its API, and the symbols they (and the venue) concern. */
export async function readBotBooks(
  api: BotApi,
  extraSymbols: readonly string[] = [],
): Promise<BotBooks & { symbols: string[] }> {
  const orders = await allPages(api, '/api/v1/orders?status=all', (j) => OrdersResponse.parse(j));
  const positions = await allPages(api, '/api/v1/positions?status=all', (j) => PositionsResponse.parse(j));
  const { config } = ConfigResponse.parse(await getJson(api, '/api/v1/config'));
  const symbols = [
    ...new Set([
      ...config.symbols,
      ...orders.map((o) => o.symbol),
      ...positions.map((p) => p.symbol),
      ...extraSymbols,
    ]),
  ].sort();
  const trades: TradeDto[] = [];
  for (const symbol of symbols)
    trades.push(...(await allPages(api, `/api/v1/trades?symbol=${symbol}`, (j) => TradesResponse.parse(j))));
  return { orders, positions, trades, exchangeSideExits: config.execution.exchange_side_exits, symbols };
}

function venueTruth(ledger: VenueLedger, symbols: readonly string[]): VenueTruth {
  const orders: ExchangeOrder[] = [];
  const tradesByOrder = new Map<string, ExchangeTrade[]>();
  for (const symbol of symbols) {
    orders.push(...ledger.allOrders(symbol).map(fromOrderJson));
    for (const t of ledger.myTrades(symbol).map(fromTradeJson)) {
      const key = orderKey(t.symbol, t.orderId);
      tradesByOrder.set(key, [...(tradesByOrder.get(key) ?? []), t]);
    }
  }
  const balances = ledger
    .balances()
    .map((b) => ({ asset: b.asset, free: dec(b.free), locked: dec(b.locked) }));
  return { orders, openOrdersComplete: symbols, ordersComplete: symbols, tradesByOrder, balances };
}

/** What one chaos run found, in ChaosOutcome's terms (drift = reconcile drift + audit violations). */
export interface VenueRecords extends RecordCounts {
  drift: number;
}

/**
 * The end of every chaos scenario: a manual reconcile (its drift counts), the outside books audit
 * over the venue's complete records and the bot's own audit (their violations count once each),
 * and the record counts above. Call it after recovery, when the bot is meant to be at rest.
 */
export async function readVenueRecords(
  api: BotApi,
  ledger: VenueLedger,
  opts: { extraSymbols?: readonly string[] } = {},
): Promise<VenueRecords> {
  const details: string[] = [];
  let drift = 0;
  const reconcile = ReconcileResponse.parse(
    await getJson(api, '/api/v1/reconcile', { method: 'POST', json: {} }),
  ).result;
  if (reconcile.error !== null) {
    drift += 1;
    details.push(`drift: the final reconcile failed: ${reconcile.error}`);
  }
  for (const d of reconcile.drift) {
    drift += 1;
    details.push(`drift: reconcile ${d.kind} ${d.symbol ?? '-'} ${d.ref ?? '-'}: ${d.detail}`);
  }

  const books = await readBotBooks(api, opts.extraSymbols);
  const auditDto = AuditBooksDto.parse(await getJson(api, '/api/v1/audit/books'));
  const auditSymbols = [...new Set([...books.symbols, ...auditDto.symbols.map((s) => s.symbol)])].sort();
  const outside = auditBooks({
    books: auditBooksFromDto(auditDto),
    venue: venueTruth(ledger, auditSymbols),
    now: Date.now(),
    settleMs: 0,
  });
  const own = AuditResponse.parse(await getJson(api, '/api/v1/audit', { method: 'POST', json: {} })).result;
  if (own.error !== null) {
    drift += 1;
    details.push(`drift: the bot's own audit could not run: ${own.error}`);
  }
  const violations = new Set<string>();
  for (const v of [...outside.violations, ...own.violations])
    violations.add(`${v.check} ${v.symbol ?? '-'} ${v.ref}: ${v.detail}`);
  drift += violations.size;
  for (const v of violations) details.push(`drift: audit ${v}`);

  const venue: VenueRecordsIn = {
    orders: auditSymbols.flatMap((s) => ledger.allOrders(s)),
    trades: auditSymbols.flatMap((s) => ledger.myTrades(s)),
  };
  const counts = countVenueRecords(venue, books);
  return { ...counts, drift, details: [...counts.details, ...details] };
}

