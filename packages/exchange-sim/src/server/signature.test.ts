import { describe, expect, it } from 'vitest';
import { rejection } from '../testing/engine-harness';
import {
  checkTimestamp,
  hmacSha256Hex,
  restSignaturePayload,
  signatureMatches,
  wsSignaturePayload,
} from './signature';

// Binance's worked examples (rest-api.md, web-socket-api.md).
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';

describe('HMAC signatures', () => {
  it('matches the REST example, ASCII and percent-encoded non-ASCII', () => {
    expect(
      hmacSha256Hex(
        SECRET,
        'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
      ),
    ).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
    expect(
      hmacSha256Hex(
        SECRET,
        'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
      ),
    ).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
  });

  it('builds the WebSocket API payload from sorted params and matches both examples', () => {
    const ascii = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
      recvWindow: '100',
      timestamp: '1645423376532',
      apiKey: API_KEY,
      signature: 'x',
    };
    expect(hmacSha256Hex(SECRET, wsSignaturePayload(ascii))).toBe(
      'aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24',
    );
    const unicode = {
      ...ascii,
      symbol: '１２３４５６',
      side: 'BUY',
      quantity: '1.00000000',
      price: '0.10000000',
      recvWindow: '5000',
    };
    expect(hmacSha256Hex(SECRET, wsSignaturePayload(unicode))).toBe(
      'b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd',
    );
  });

  it('compares HMAC signatures case-insensitively', () => {
    const payload = 'a=1&timestamp=2';
    expect(signatureMatches(SECRET, payload, hmacSha256Hex(SECRET, payload).toUpperCase())).toBe(true);
    expect(signatureMatches(SECRET, payload, hmacSha256Hex(SECRET, 'a=2&timestamp=2'))).toBe(false);
    expect(signatureMatches(SECRET, payload, 'short')).toBe(false);
  });

  it('signs the query string and body exactly as sent, without the signature pair', () => {
    expect(restSignaturePayload('symbol=BTCUSDT&timestamp=1&signature=abc', '')).toEqual({
      payload: 'symbol=BTCUSDT&timestamp=1',
      signature: 'abc',
    });
    expect(restSignaturePayload('symbol=BTCUSDT', 'side=BUY&timestamp=1&signature=def')).toEqual({
      payload: 'symbol=BTCUSDTside=BUY&timestamp=1',
      signature: 'def',
    });
  });
});

describe('timing security', () => {
  const now = 1_700_000_000_000;
  it('accepts a timestamp inside recvWindow and up to 999 ms ahead', () => {
    expect(() => checkTimestamp(String(now - 5000), undefined, now)).not.toThrow();
    expect(() => checkTimestamp(String(now + 999), undefined, now)).not.toThrow();
    expect(() => checkTimestamp(String(now - 59_000), '60000', now)).not.toThrow();
    expect(() => checkTimestamp(String((now - 100) * 1000), undefined, now)).not.toThrow(); // microseconds
  });

  it('rejects old and future timestamps with -1021', () => {
    expect(rejection(() => checkTimestamp(String(now - 5001), undefined, now))).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    });
    expect(rejection(() => checkTimestamp(String(now + 1000), undefined, now))).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    });
  });

  it('caps recvWindow at 60000 and requires a well-formed timestamp', () => {
    expect(rejection(() => checkTimestamp(String(now), '60001', now))).toEqual({
      code: -1102,
      msg: "'recvWindow' contains unexpected value. Cannot be greater than 60000.",
    });
    expect(rejection(() => checkTimestamp(undefined, undefined, now)).code).toBe(-1102);
    expect(rejection(() => checkTimestamp('12a', undefined, now)).code).toBe(-1100);
  });
});
