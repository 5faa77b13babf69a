import { describe, expect, it } from 'vitest';
import { parseUserEvent } from './user-stream-parser';
import executionReport from './fixtures/uds-execution-report.json';
import accountPosition from './fixtures/uds-outbound-account-position.json';
import balanceUpdate from './fixtures/uds-balance-update.json';
import listStatus from './fixtures/uds-list-status.json';
import terminated from './fixtures/uds-event-stream-terminated.json';
import externalLock from './fixtures/uds-external-lock-update.json';
import shutdown from './fixtures/ws-api-server-shutdown.json';

const ok = (payload: unknown) => {
  const r = parseUserEvent(payload);
  if (r.ok !== true) throw new Error(`expected an event, got ${JSON.stringify(r)}`);
  return r.event;
};

describe('parseUserEvent (user-data-stream.md examples)', () => {
  it('executionReport: every field mapped, -1 trade id and empty C become null', () => {
    const e = ok(executionReport.event);
    if (e.kind !== 'executionReport') throw new Error(e.kind);
    expect({
      ...e,
      price: e.price.toFixed(),
      stopPrice: e.stopPrice.toFixed(),
      origQty: e.origQty.toFixed(),
      lastQty: e.lastQty.toFixed(),
      lastPrice: e.lastPrice.toFixed(),
      cumQty: e.cumQty.toFixed(),
      cumQuote: e.cumQuote.toFixed(),
      commission: e.commission.toFixed(),
    }).toEqual({
      kind: 'executionReport',
      eventTime: 1499405658658,
      transactTime: 1499405658657,
      symbol: 'ETHBTC',
      clientOrderId: 'mUvoqJxFIILMdfAW5iGSOW',
      origClientOrderId: null,
      orderId: '4293153',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      executionType: 'NEW',
      orderStatus: 'NEW',
      rejectReason: null,
      price: '0.1026441',
      stopPrice: '0',
      origQty: '1',
      lastQty: '0',
      lastPrice: '0',
      cumQty: '0',
      cumQuote: '0',
      commission: '0',
      commissionAsset: null,
      tradeId: null,
      executionId: '8641984',
      isMaker: false,
    });
  });

  it('executionReport for a fill and for a cancel', () => {
    const fill = ok({
      ...executionReport.event,
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      l: '0.40000000',
      L: '0.10264000',
      z: '0.40000000',
      Z: '0.04105600',
      n: '0.00004106',
      N: 'BTC',
      t: 77,
      m: true,
    });
    expect(fill).toMatchObject({
      executionType: 'TRADE',
      orderStatus: 'PARTIALLY_FILLED',
      tradeId: '77',
      commissionAsset: 'BTC',
      isMaker: true,
    });
    const cancel = ok({
      ...executionReport.event,
      x: 'CANCELED',
      X: 'CANCELED',
      c: 'cancel-1',
      C: 'mUvoqJxFIILMdfAW5iGSOW',
    });
    expect(cancel).toMatchObject({ clientOrderId: 'cancel-1', origClientOrderId: 'mUvoqJxFIILMdfAW5iGSOW' });
  });

  it('outboundAccountPosition', () => {
    const e = ok(accountPosition.event);
    if (e.kind !== 'outboundAccountPosition') throw new Error(e.kind);
    expect([
      e.eventTime,
      e.lastUpdateTime,
      e.balances[0]!.asset,
      e.balances[0]!.free.toFixed(),
      e.balances[0]!.locked.toFixed(),
    ]).toEqual([1564034571105, 1564034571073, 'ETH', '10000', '0']);
  });

  it('balanceUpdate', () => {
    const e = ok(balanceUpdate.event);
    if (e.kind !== 'balanceUpdate') throw new Error(e.kind);
    expect([e.asset, e.delta.toFixed(), e.clearTime]).toEqual(['BTC', '100', 1573200697068]);
  });

  it('a negative balanceUpdate delta (withdrawal) keeps its sign', () => {
    const e = ok({ ...balanceUpdate.event, d: '-0.50000000' });
    if (e.kind !== 'balanceUpdate') throw new Error(e.kind);
    expect(e.delta.toFixed()).toBe('-0.5');
  });

  it('listStatus', () => {
    expect(ok(listStatus.event)).toEqual({
      kind: 'listStatus',
      eventTime: 1564035303637,
      symbol: 'ETHBTC',
      orderListId: '2',
      listStatusType: 'EXEC_STARTED',
      listOrderStatus: 'EXECUTING',
      listClientOrderId: 'F4QN4G8DlFATFlIUQ0cjdD',
      orders: [
        { symbol: 'ETHBTC', orderId: '17', clientOrderId: 'AJYsMjErWJesZvqlJCTUgL' },
        { symbol: 'ETHBTC', orderId: '18', clientOrderId: 'bfYPSQdLoqAJeNrOr9adzq' },
      ],
    });
  });

  it('eventStreamTerminated', () => {
    expect(ok(terminated.event)).toEqual({ kind: 'eventStreamTerminated', eventTime: 1728973001334 });
  });

  it('externalLockUpdate is known and deliberately ignored', () => {
    expect(parseUserEvent(externalLock.event)).toEqual({ ok: 'ignored', type: 'externalLockUpdate' });
  });

  it('serverShutdown asks for a reconnect', () => {
    expect(parseUserEvent(shutdown.event)).toEqual({ ok: 'shutdown' });
  });

  it('an unknown event type is reported, not thrown', () => {
    expect(parseUserEvent({ e: 'somethingNew', E: 1 })).toEqual({
      ok: false,
      reason: 'unknown',
      type: 'somethingNew',
      detail: "unknown event type 'somethingNew'",
    });
  });

  it('a malformed executionReport (float price) is reported with the bad field', () => {
    const r = parseUserEvent({ ...executionReport.event, p: 0.1 });
    expect(r).toMatchObject({ ok: false, reason: 'malformed', type: 'executionReport' });
    expect((r as { detail: string }).detail).toMatch(/^p:/);
  });

  it.each([null, 42, 'x', [], {}])('garbage payload %j is malformed', (payload) => {
    expect(parseUserEvent(payload)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
