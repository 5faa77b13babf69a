import { z } from 'zod';
import { OrderStatus, OrderType, Side, type TimeInForce } from '@aurora/contracts';
import { Dec, type UserStreamEvent } from '@aurora/core';
import { DecStr, UDecStr } from './rest-schemas';

/** Payload shapes from user-data-stream.md; objects are non-strict so new fields never break us. */
const Ms = z.number().int().nonnegative();

const ExecutionReportJson = z.object({
  e: z.literal('executionReport'),
  E: Ms,
  s: z.string(),
  c: z.string(),
  S: Side,
  o: OrderType,
  f: z.string().nullable(),
  q: UDecStr,
  p: UDecStr,
  P: UDecStr,
  C: z.string().nullable().optional(),
  x: z.enum(['NEW', 'CANCELED', 'REPLACED', 'REJECTED', 'TRADE', 'EXPIRED', 'TRADE_PREVENTION']),
  X: OrderStatus,
  r: z.string(),
  i: z.number().int(),
  l: UDecStr,
  z: UDecStr,
  L: UDecStr,
  n: UDecStr.nullable(),
  N: z.string().nullable(),
  T: Ms,
  t: z.number().int(),
  I: z.number().int(),
  m: z.boolean(),
  Z: UDecStr,
});

const OutboundAccountPositionJson = z.object({
  e: z.literal('outboundAccountPosition'),
  E: Ms,
  u: Ms,
  B: z.array(z.object({ a: z.string(), f: UDecStr, l: UDecStr })),
});

const BalanceUpdateJson = z.object({
  e: z.literal('balanceUpdate'),
  E: Ms,
  a: z.string(),
  d: DecStr,
  T: Ms,
});

const ListStatusJson = z.object({
  e: z.literal('listStatus'),
  E: Ms,
  s: z.string(),
  g: z.number().int(),
  l: z.string(),
  L: z.string(),
  C: z.string(),
  O: z.array(z.object({ s: z.string(), i: z.number().int(), c: z.string() })),
});

const EventStreamTerminatedJson = z.object({ e: z.literal('eventStreamTerminated'), E: Ms });

/** The result of reading one user-data event. */
export type UserEventParse =
  | { ok: true; event: UserStreamEvent }
  /** A documented event we deliberately do not map (externalLockUpdate). */
  | { ok: 'ignored'; type: string }
  /** Connection-level signal: reconnect now. */
  | { ok: 'shutdown' }
  | { ok: false; reason: 'unknown' | 'malformed'; type: string | null; detail: string };

const TIFS: ReadonlySet<string> = new Set(['GTC', 'IOC', 'FOK']);
const IGNORED: ReadonlySet<string> = new Set(['externalLockUpdate']);

const malformed = (type: string, err: z.ZodError): UserEventParse => ({
  ok: false,
  reason: 'malformed',
  type,
  detail: err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; '),
});

/**
 * One raw event payload (the `event` object of a WS-API frame, or a listenKey frame) → a core
 * UserStreamEvent. Never throws: unknown and malformed payloads come back as values to count.
 */
export const parseUserEvent = (payload: unknown): UserEventParse => {
  if (payload === null || typeof payload !== 'object') {
    return { ok: false, reason: 'malformed', type: null, detail: 'event is not an object' };
  }
  const type = (payload as { e?: unknown }).e;
  if (typeof type !== 'string')
    return { ok: false, reason: 'malformed', type: null, detail: 'event has no type' };
  switch (type) {
    case 'executionReport': {
      const r = ExecutionReportJson.safeParse(payload);
      if (!r.success) return malformed(type, r.error);
      const j = r.data;
      return {
        ok: true,
        event: {
          kind: 'executionReport',
          eventTime: j.E,
          transactTime: j.T,
          symbol: j.s,
          clientOrderId: j.c,
          origClientOrderId: j.C ? j.C : null,
          orderId: String(j.i),
          side: j.S,
          orderType: j.o,
          timeInForce: j.f !== null && TIFS.has(j.f) ? (j.f as TimeInForce) : null,
          executionType: j.x,
          orderStatus: j.X,
          rejectReason: j.r === 'NONE' ? null : j.r,
          price: new Dec(j.p),
          stopPrice: new Dec(j.P),
          origQty: new Dec(j.q),
          lastQty: new Dec(j.l),
          lastPrice: new Dec(j.L),
          cumQty: new Dec(j.z),
          cumQuote: new Dec(j.Z),
          commission: new Dec(j.n ?? '0'),
          commissionAsset: j.N,
          tradeId: j.t < 0 ? null : String(j.t),
          executionId: String(j.I),
          isMaker: j.m,
        },
      };
    }
    case 'outboundAccountPosition': {
      const r = OutboundAccountPositionJson.safeParse(payload);
      if (!r.success) return malformed(type, r.error);
      return {
        ok: true,
        event: {
          kind: 'outboundAccountPosition',
          eventTime: r.data.E,
          lastUpdateTime: r.data.u,
          balances: r.data.B.map((b) => ({ asset: b.a, free: new Dec(b.f), locked: new Dec(b.l) })),
        },
      };
    }
    case 'balanceUpdate': {
      const r = BalanceUpdateJson.safeParse(payload);
      if (!r.success) return malformed(type, r.error);
      return {
        ok: true,
        event: {
          kind: 'balanceUpdate',
          eventTime: r.data.E,
          asset: r.data.a,
          delta: new Dec(r.data.d),
          clearTime: r.data.T,
        },
      };
    }
    case 'listStatus': {
      const r = ListStatusJson.safeParse(payload);
      if (!r.success) return malformed(type, r.error);
      const j = r.data;
      return {
        ok: true,
        event: {
          kind: 'listStatus',
          eventTime: j.E,
          symbol: j.s,
          orderListId: String(j.g),
          listStatusType: j.l,
          listOrderStatus: j.L,
          listClientOrderId: j.C,
          orders: j.O.map((o) => ({ symbol: o.s, orderId: String(o.i), clientOrderId: o.c })),
        },
      };
    }
    case 'eventStreamTerminated': {
      const r = EventStreamTerminatedJson.safeParse(payload);
      if (!r.success) return malformed(type, r.error);
      return { ok: true, event: { kind: 'eventStreamTerminated', eventTime: r.data.E } };
    }
    case 'serverShutdown':
      return { ok: 'shutdown' };
    default:
      if (IGNORED.has(type)) return { ok: 'ignored', type };
      return { ok: false, reason: 'unknown', type, detail: `unknown event type '${type}'` };
  }
};
