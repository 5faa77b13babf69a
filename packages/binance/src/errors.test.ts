import { describe, expect, it } from 'vitest';
import { ExchangeRejected, ExchangeRetryable, UnknownExecutionStatus } from '@aurora/core';
import {
  BinanceRejected,
  BinanceRetryable,
  BinanceUnknownStatus,
  classifyHttpFailure,
  classifyMalformedResponse,
  classifyTransportFailure,
} from './errors';

const order = { endpoint: 'POST /api/v3/order', mutating: true };
const read = { endpoint: 'GET /api/v3/account', mutating: false };
const http = (
  httpStatus: number,
  code: number | null,
  msg: string | null,
  retryAfterMs: number | null = null,
) => ({
  httpStatus,
  code,
  msg,
  retryAfterMs,
});

describe('classifyHttpFailure', () => {
  it.each([
    [-2010, 'Account has insufficient balance for requested action.'],
    [-2010, 'Duplicate order sent.'],
    [-1013, 'Filter failure: LOT_SIZE'],
    [-2011, 'Unknown order sent.'],
    [-2013, 'Order does not exist.'],
    [-1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed."],
    [-1100, 'Illegal characters found in a parameter.'],
    [-1101, 'Too many parameters sent for this endpoint.'],
    [-1111, "Parameter 'quantity' has too much precision."],
    [-1022, 'Signature for this request is not valid.'],
    [-2014, 'API-key format invalid.'],
    [-2015, 'Invalid API-key, IP, or permissions for action.'],
  ])('%i "%s" is rejected, never retried', (code, msg) => {
    const e = classifyHttpFailure(http(400, code, msg), order);
    expect(e).toBeInstanceOf(ExchangeRejected);
    expect(e).toBeInstanceOf(BinanceRejected);
    expect(e.code).toBe(code);
    expect((e as BinanceRejected).binanceMsg).toBe(msg);
  });

  it('-1021 is retryable after a clock resync', () => {
    const e = classifyHttpFailure(
      http(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
      order,
    );
    expect(e).toBeInstanceOf(ExchangeRetryable);
    expect((e as ExchangeRetryable).retry).toBe('after-resync');
  });

  it.each([
    [429, -1003, 30_000],
    [429, -1015, 10_000],
    [418, -1003, 120_000],
    [403, null, null],
  ])('HTTP %i code %s is retryable after backoff, carrying Retry-After', (status, code, after) => {
    const e = classifyHttpFailure(http(status, code, null, after), order);
    expect(e).toBeInstanceOf(BinanceRetryable);
    expect((e as ExchangeRetryable).retry).toBe('after-backoff');
    expect((e as ExchangeRetryable).retryAfterMs).toBe(after);
  });

  it.each([
    [503, null, null],
    [500, -1000, 'Unknown error, please check your request or try again later.'],
    [500, -1001, 'Internal error; unable to process your request. Please try again.'],
    [
      400,
      -1007,
      'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    ],
    [400, -1006, 'An unexpected response was received from the message bus. Execution status unknown.'],
    [400, null, 'Unknown error, please check your request or try again later.'],
  ])('HTTP %i code %s on an order is UNKNOWN execution status', (status, code, msg) => {
    const e = classifyHttpFailure(http(status, code, msg), order);
    expect(e).toBeInstanceOf(UnknownExecutionStatus);
    expect(e).toBeInstanceOf(BinanceUnknownStatus);
    expect(e.family).toBe('unknown');
  });

  it('the same outcome-unknown answer on a read is merely retryable', () => {
    const e = classifyHttpFailure(http(503, null, null), read);
    expect(e).toBeInstanceOf(ExchangeRetryable);
  });

  it('an unlisted 4xx code is rejected', () => {
    expect(classifyHttpFailure(http(400, -1121, 'Invalid symbol.'), read)).toBeInstanceOf(ExchangeRejected);
  });

  it('the message names the endpoint but never a query string', () => {
    const e = classifyHttpFailure(http(400, -1013, 'Filter failure: NOTIONAL'), order);
    expect(e.message).toBe('POST /api/v3/order failed: HTTP 400 code -1013 Filter failure: NOTIONAL');
  });
});

describe('classifyTransportFailure', () => {
  const refused = new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  });

  it('connection refused: nothing was sent, so even an order is retryable', () => {
    const e = classifyTransportFailure(refused, order);
    expect(e).toBeInstanceOf(ExchangeRetryable);
  });

  it('a timeout after sending an order is UNKNOWN', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyTransportFailure(timeout, order)).toBeInstanceOf(UnknownExecutionStatus);
    expect(classifyTransportFailure(timeout, order).message).toBe('POST /api/v3/order failed: timed out');
  });

  it('a reset connection on an order is UNKNOWN, on a read retryable', () => {
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    expect(classifyTransportFailure(reset, order)).toBeInstanceOf(UnknownExecutionStatus);
    expect(classifyTransportFailure(reset, read)).toBeInstanceOf(ExchangeRetryable);
  });
});

describe('classifyMalformedResponse', () => {
  it('an unreadable 200 on an order means the order exists but we cannot read it: UNKNOWN', () => {
    expect(classifyMalformedResponse(order, 200, 'x')).toBeInstanceOf(UnknownExecutionStatus);
    expect(classifyMalformedResponse(read, 200, 'x')).toBeInstanceOf(ExchangeRetryable);
  });
});
