import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiErrors } from '../errors';

const API_KEY_RE = /^[A-Za-z0-9]{64}$/;
const MAX_RECV_WINDOW = 60_000;

export const hmacSha256Hex = (secret: string, payload: string): string =>
  createHmac('sha256', secret).update(payload, 'utf8').digest('hex');

/** HMAC signatures are hex and, per Binance, case-insensitive. Constant-time comparison. */
export function signatureMatches(secret: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(hmacSha256Hex(secret, payload), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function checkApiKeyFormat(apiKey: string | undefined): string {
  if (apiKey === undefined || !API_KEY_RE.test(apiKey)) throw ApiErrors.badApiKeyFormat();
  return apiKey;
}

/**
 * Binance's timing rule: the request is valid when timestamp < serverTime + 1000 and
 * serverTime - timestamp <= recvWindow (default 5000, max 60000, up to 3 decimals).
 * Timestamps in microseconds (16 digits) are accepted.
 */
export function checkTimestamp(
  timestamp: string | undefined,
  recvWindow: string | undefined,
  serverTime: number,
): void {
  if (timestamp === undefined || timestamp === '') throw ApiErrors.mandatory('timestamp');
  if (!/^[0-9]{1,20}$/.test(timestamp)) throw ApiErrors.illegalChars('timestamp', '^[0-9]{1,20}$');
  let window = 5000;
  if (recvWindow !== undefined) {
    if (!/^[0-9]{1,10}(\.[0-9]{1,3})?$/.test(recvWindow))
      throw ApiErrors.illegalChars('recvWindow', '^[0-9]{1,10}(\\.[0-9]{1,3})?$');
    window = Number(recvWindow);
    if (window > MAX_RECV_WINDOW) throw ApiErrors.cannotBeGreater('recvWindow', MAX_RECV_WINDOW);
  }
  let ts = Number(timestamp);
  if (timestamp.length >= 16) ts = ts / 1000;
  if (ts >= serverTime + 1000) throw ApiErrors.aheadOfServer();
  if (serverTime - ts > window) throw ApiErrors.outsideRecvWindow();
}

/**
 * The signed payload of a REST request: the query string and the body exactly as sent,
 * concatenated, with the `signature` pair itself removed.
 */
export function restSignaturePayload(
  rawQuery: string,
  rawBody: string,
): { payload: string; signature: string | undefined } {
  let signature: string | undefined;
  const strip = (raw: string): string => {
    if (raw === '') return raw;
    const kept: string[] = [];
    for (const pair of raw.split('&')) {
      if (pair.startsWith('signature=')) signature = decodeURIComponent(pair.slice('signature='.length));
      else kept.push(pair);
    }
    return kept.join('&');
  };
  const query = strip(rawQuery);
  const body = strip(rawBody);
  return { payload: query + body, signature };
}

/** The WebSocket API's signed payload: every param but `signature`, sorted by name, key=value&… */
export function wsSignaturePayload(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}
