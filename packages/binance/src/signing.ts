import {
  createHmac,
  createPrivateKey,
  createSecretKey,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';

/** A request parameter as it goes on the wire; undefined parameters are left out. */
export type ParamValue = string | number | boolean | undefined;
export type Params = Record<string, ParamValue>;

/**
 * Signs the exact payload Binance will verify. The secret lives only in the closure: a signer
 * logged or serialised by accident shows nothing but its key type.
 */
export interface RequestSigner {
  readonly keyType: 'HMAC' | 'ED25519';
  sign(payload: string): string;
}

export const DEFAULT_RECV_WINDOW_MS = 5_000;
export const MAX_RECV_WINDOW_MS = 60_000;

export class InvalidRecvWindow extends Error {
  constructor(readonly recvWindowMs: number) {
    super(`recvWindow must be > 0 and <= ${MAX_RECV_WINDOW_MS} ms, got ${recvWindowMs}`);
    this.name = 'InvalidRecvWindow';
  }
}

export const checkRecvWindow = (ms: number): number => {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_RECV_WINDOW_MS) throw new InvalidRecvWindow(ms);
  return ms;
};

/** HMAC-SHA256 over the payload's UTF-8 bytes, lower-case hex (Binance compares case-insensitively). */
export const hmacSigner = (secret: string): RequestSigner => {
  if (secret.length === 0) throw new Error('HMAC secret is empty');
  // One key object for the signer's life: the secret is not re-imported on every request.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    keyType: 'HMAC',
    sign: (payload) => createHmac('sha256', key).update(payload, 'utf8').digest('hex'),
    toString: () => '[HMAC signer]',
  } as RequestSigner;
};

/** Ed25519 over the payload, base64 (case-sensitive). Accepts a PKCS#8 PEM or a KeyObject. */
export const ed25519Signer = (privateKey: string | KeyObject): RequestSigner => {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('Ed25519 signer needs an ed25519 private key');
  return {
    keyType: 'ED25519',
    sign: (payload) => cryptoSign(null, Buffer.from(payload, 'utf8'), key).toString('base64'),
    toString: () => '[Ed25519 signer]',
  } as RequestSigner;
};

/**
 * `k=v&k=v` in insertion order with values percent-encoded as UTF-8. The REST signature covers
 * this exact string, so non-ASCII symbols are encoded before signing (rest-api.md, HMAC keys).
 */
export const encodeQuery = (params: Params): string => {
  let out = '';
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    if (out.length > 0) out += '&';
    out += key + '=' + encodeURIComponent(String(value));
  }
  return out;
};

/** Appends recvWindow and timestamp, then `signature` (percent-encoded: Ed25519 base64 has + / =). */
export const signQuery = (
  params: Params,
  signer: RequestSigner,
  timestamp: number,
  recvWindowMs: number = DEFAULT_RECV_WINDOW_MS,
): string => {
  const payload = encodeQuery({ ...params, recvWindow: checkRecvWindow(recvWindowMs), timestamp });
  return payload + '&signature=' + encodeURIComponent(signer.sign(payload));
};

/**
 * The WebSocket API signs differently from REST: all params except `signature`, sorted by name,
 * `k=v` joined with `&`, values NOT percent-encoded (web-socket-api.md, SIGNED request example).
 */
export const wsApiSignaturePayload = (params: Params): string =>
  Object.keys(params)
    .filter((k) => k !== 'signature' && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');

/** Returns `params` plus `signature`, ready to be sent as a WS-API request's `params`. */
export const signWsApiParams = (
  params: Params,
  signer: RequestSigner,
): Record<string, string | number | boolean> => {
  const out: Record<string, string | number | boolean> = {};
  for (const k in params) {
    const v = params[k];
    if (v !== undefined) out[k] = v;
  }
  out.signature = signer.sign(wsApiSignaturePayload(params));
  return out;
};
