import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseChecksumFile, sha256File } from './checksum';
import { ArchiveHttpError, ChecksumMismatchError } from './errors';

/**
 * Fetches one archive file and its `.CHECKSUM` into `<dir>/<name>`. Bytes go to
 * `<name>.part`; a broken connection resumes it with an HTTP Range request (also in the next
 * run, after the process was stopped), and only a file whose sha256 matches is renamed to its
 * final name. A mismatch deletes the part and downloads once more from scratch; a second
 * mismatch refuses the file. A 404 is an answer ("not in the archive"), not a failure.
 */
export interface DownloadOptions {
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Attempts per file when the connection breaks (each resumes the .part). */
  attempts: number;
  signal?: AbortSignal;
  onBytes?: (received: number, total: number | null) => void;
}

export type DownloadOutcome =
  { status: 'missing'; url: string } | { status: 'ok'; path: string; sha256: string };

export async function fetchChecksum(
  url: string,
  zipName: string,
  opts: DownloadOptions,
): Promise<{ status: 'missing' } | { status: 'ok'; sha256: string }> {
  const res = await fetch(`${url}.CHECKSUM`, { signal: signalFor(opts) });
  if (res.status === 404) {
    await res.body?.cancel();
    return { status: 'missing' };
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new ArchiveHttpError(`${url}.CHECKSUM`, res.status);
  }
  return { status: 'ok', sha256: parseChecksumFile(await res.text(), zipName, `${zipName}.CHECKSUM`) };
}

const signalFor = (opts: DownloadOptions): AbortSignal => {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  return opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
};

/** Appends the rest of `url` to `part`; true when the server had the file. */
async function fetchInto(url: string, part: string, opts: DownloadOptions): Promise<boolean> {
  const have = existsSync(part) ? statSync(part).size : 0;
  const res = await fetch(url, {
    signal: signalFor(opts),
    headers: have > 0 ? { Range: `bytes=${have}-` } : {},
  });
  if (res.status === 404) {
    await res.body?.cancel();
    return false;
  }
  // 416: the part already holds every byte (or more): start over rather than trust it.
  if (res.status === 416) {
    await res.body?.cancel();
    rmSync(part, { force: true });
    return fetchInto(url, part, opts);
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel();
    throw new ArchiveHttpError(url, res.status);
  }
  const append = res.status === 206;
  const length = Number(res.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? length + (append ? have : 0) : null;
  const fh = await open(part, append ? 'a' : 'w');
  let received = append ? have : 0;
  try {
    if (res.body) {
      for await (const chunk of res.body) {
        await fh.write(chunk);
        received += chunk.length;
        opts.onBytes?.(received, total);
      }
    }
  } finally {
    await fh.close();
  }
  return true;
}

async function fetchWithResume(url: string, part: string, opts: DownloadOptions): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchInto(url, part, opts);
    } catch (err) {
      // Our own abort (the user stopped us) and HTTP errors end here; a dropped connection
      // leaves the part to resume.
      if (opts.signal?.aborted || err instanceof ArchiveHttpError || attempt >= opts.attempts) throw err;
    }
  }
}

export async function downloadVerified(
  url: string,
  name: string,
  expectedSha256: string,
  dir: string,
  opts: DownloadOptions,
): Promise<DownloadOutcome> {
  const path = `${dir}/${name}`;
  const part = `${path}.part`;
  // A file a previous run verified but did not ingest: verify again, it is cheaper than a download.
  if (existsSync(path)) {
    if ((await sha256File(path)) === expectedSha256) return { status: 'ok', path, sha256: expectedSha256 };
    rmSync(path);
  }
  // One retry after a mismatch: a bad proxy or a torn write is worth a second download, a
  // file that is wrong at the source is not worth a third.
  let round = 1;
  for (;;) {
    if (!(await fetchWithResume(url, part, opts))) return { status: 'missing', url };
    const actual = await sha256File(part);
    if (actual === expectedSha256) {
      renameSync(part, path);
      return { status: 'ok', path, sha256: actual };
    }
    rmSync(part);
    if (round++ === 2) throw new ChecksumMismatchError(name, expectedSha256, actual);
  }
}
