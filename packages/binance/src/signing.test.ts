import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkRecvWindow,
  ed25519Signer,
  encodeQuery,
  hmacSigner,
  InvalidRecvWindow,
  signQuery,
  signWsApiParams,
  wsApiSignaturePayload,
} from './signing';

// The example key pair from Binance's rest-api.md / web-socket-api.md (illustrative, not a secret).
const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOC_API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';

describe('REST signing (rest-api.md worked examples)', () => {
  const order = {
    symbol: 'LTCBTC',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: 1,
    price: '0.1',
  };

  it('signs the ASCII example to the documented HMAC', () => {
    const q = signQuery(order, hmacSigner(DOC_SECRET), 1499827319559, 5000);
    expect(q).toBe(
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559' +
        '&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
    );
  });

  it('percent-encodes a non-ASCII symbol before signing, matching the documented payload and HMAC', () => {
    const q = signQuery({ ...order, symbol: '１２３４５６' }, hmacSigner(DOC_SECRET), 1499827319559, 5000);
    expect(q).toBe(
      'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1' +
        '&price=0.1&recvWindow=5000&timestamp=1499827319559' +
        '&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3',
    );
  });

  it('defaults recvWindow to 5000 ms', () => {
    expect(signQuery({}, hmacSigner('s'), 1, undefined)).toMatch(
      /^recvWindow=5000&timestamp=1&signature=[0-9a-f]{64}$/,
    );
  });

  it('leaves undefined parameters out of the payload', () => {
    expect(encodeQuery({ symbol: 'BTCUSDT', orderId: undefined, limit: 5 })).toBe('symbol=BTCUSDT&limit=5');
  });

  it('accepts recvWindow up to 60000 and refuses above it or at zero', () => {
    expect(checkRecvWindow(60_000)).toBe(60_000);
    expect(() => checkRecvWindow(60_001)).toThrow(InvalidRecvWindow);
    expect(() => checkRecvWindow(0)).toThrow(InvalidRecvWindow);
  });

  it('encodes any value so that decoding the query gives the value back (property)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const q = encodeQuery({ v: value });
        expect(new URLSearchParams(q).get('v')).toBe(value);
        // Everything that reaches the HMAC is ASCII.
        expect(/^[\x20-\x7e]*$/.test(q)).toBe(true);
      }),
    );
  });
});

describe('WebSocket API signing (web-socket-api.md worked examples)', () => {
  it('sorts params by name and signs the ASCII example to the documented HMAC', () => {
    const params = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
      recvWindow: 100,
      timestamp: 1645423376532,
      apiKey: DOC_API_KEY,
    };
    expect(wsApiSignaturePayload(params)).toBe(
      `apiKey=${DOC_API_KEY}&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT`,
    );
    expect(signWsApiParams(params, hmacSigner(DOC_SECRET)).signature).toBe(
      'aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24',
    );
  });

  it('signs non-ASCII values as raw UTF-8 (no percent-encoding), matching the documented HMAC', () => {
    const params = {
      symbol: '１２３４５６',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1.00000000',
      price: '0.10000000',
      recvWindow: 5000,
      timestamp: 1645423376532,
      apiKey: DOC_API_KEY,
    };
    expect(signWsApiParams(params, hmacSigner(DOC_SECRET)).signature).toBe(
      'b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd',
    );
  });
});

describe('Ed25519 signing', () => {
  it('produces a base64 signature that verifies with the public key, percent-encoded in the query', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = ed25519Signer(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const q = signQuery({ symbol: 'BTCUSDT' }, signer, 1668481559918, 5000);
    const [payload, sigPart] = q.split('&signature=') as [string, string];
    expect(payload).toBe('symbol=BTCUSDT&recvWindow=5000&timestamp=1668481559918');
    const sig = Buffer.from(decodeURIComponent(sigPart), 'base64');
    expect(sig.length).toBe(64);
    expect(verify(null, Buffer.from(payload), publicKey, sig)).toBe(true);
    expect(sigPart).not.toMatch(/[+/=]/);
  });

  it('refuses a key that is not ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => ed25519Signer(privateKey)).toThrow(/ed25519/);
  });
});

describe('secret hygiene', () => {
  it('a signer shows neither its secret when stringified nor in JSON', () => {
    const signer = hmacSigner(DOC_SECRET);
    expect(String(signer)).not.toContain(DOC_SECRET);
    expect(JSON.stringify(signer)).not.toContain(DOC_SECRET);
  });
});
