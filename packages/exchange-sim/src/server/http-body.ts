import type { IncomingMessage } from 'node:http';
import { ApiErrors, SimApiError } from '../errors';

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a request body (bounded: larger bodies are refused with 413). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SimApiError(-1000, 'Request body too large.', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Binance's parameter rules: query string and x-www-form-urlencoded body may be mixed, the query
 * string wins when both carry a name; a name repeated within one source is -1101.
 */
export function mergeParams(rawQuery: string, rawBody: string): Record<string, string> {
  const fromQuery = decodeForm(rawQuery);
  const fromBody = decodeForm(rawBody);
  return { ...fromBody, ...fromQuery };
}

function decodeForm(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === '') return out;
  for (const [k, v] of new URLSearchParams(raw)) {
    if (k === '') continue;
    if (k in out) throw ApiErrors.duplicateParam();
    out[k] = v;
  }
  return out;
}
