import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeZip } from './zip-writer.fixture';

/**
 * A loopback stand-in for data.binance.vision: serves files at the archive's exact paths, with
 * Range support, and can misbehave per path (drop the connection part-way, once).
 */
export interface ServedFile {
  body: Buffer;
  /** Close the socket after this many bytes, on the first `times` requests. */
  dropAfter?: { bytes: number; times: number };
}

export interface ArchiveServer {
  url: string;
  files: Map<string, ServedFile>;
  requests: { path: string; range: string | undefined }[];
  close(): Promise<void>;
}

export async function startArchiveServer(): Promise<ArchiveServer> {
  const files = new Map<string, ServedFile>();
  const requests: ArchiveServer['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    requests.push({ path, range: req.headers.range });
    const f = files.get(path);
    if (!f) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    let body = f.body;
    let status = 200;
    const headers: Record<string, string> = {};
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m) {
      const start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416).end();
        return;
      }
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
      body = body.subarray(start);
      status = 206;
    }
    headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    if (f.dropAfter && f.dropAfter.times > 0) {
      f.dropAfter.times--;
      // Give the client time to take in the bytes sent, then cut the connection as a network would.
      res.write(body.subarray(0, f.dropAfter.bytes), () => setTimeout(() => res.socket?.destroy(), 100));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    files,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Puts `<name>.zip` (holding `<name>.csv`) and its `.CHECKSUM` at `dir`. */
export function serveZip(
  s: ArchiveServer,
  dir: string,
  zipName: string,
  csv: string,
  tweak: {
    zip?: (zip: Buffer) => Buffer;
    checksumOf?: 'served' | 'original' | 'other';
    dropAfter?: ServedFile['dropAfter'];
  } = {},
): Buffer {
  const original = makeZip([{ name: zipName.replace(/\.zip$/, '.csv'), data: csv }]);
  const served = tweak.zip ? tweak.zip(original) : original;
  const hashed = tweak.checksumOf === 'original' ? original : served;
  const hash = tweak.checksumOf === 'other' ? sha(Buffer.from('something else')) : sha(hashed);
  s.files.set(`${dir}/${zipName}`, {
    body: served,
    ...(tweak.dropAfter ? { dropAfter: tweak.dropAfter } : {}),
  });
  s.files.set(`${dir}/${zipName}.CHECKSUM`, { body: Buffer.from(`${hash}  ${zipName}\n`) });
  return served;
}

export interface CsvSpec {
  start: number;
  count: number;
  stepMs: number;
  micro?: boolean;
  header?: boolean;
  /** Skip these row indexes (a hole in the data). */
  skip?: (i: number) => boolean;
  price?: (i: number) => string;
}

/** Kline CSV as the archive writes it: 12 columns, 8-decimal strings. */
export function klineCsv(spec: CsvSpec): string {
  const lines: string[] = [];
  if (spec.header)
    lines.push(
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
    );
  const unit = spec.micro ? 1000 : 1;
  for (let i = 0; i < spec.count; i++) {
    if (spec.skip?.(i)) continue;
    const t = spec.start + i * spec.stepMs;
    const p = spec.price ? spec.price(i) : (42000 + i / 100).toFixed(8);
    const close = spec.micro ? t * 1000 + spec.stepMs * 1000 - 1 : t + spec.stepMs - 1;
    lines.push(
      [
        t * unit,
        p,
        p,
        p,
        p,
        '1.50000000',
        close,
        '63000.12345678',
        17,
        '0.75000000',
        '31500.06172839',
        0,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
