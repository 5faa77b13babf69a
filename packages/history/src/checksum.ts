import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ChecksumFileError } from './errors';

const LINE_RE = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/;

/** The sha256 a `.CHECKSUM` file names for `zipName` ("<hex>  <name>", as sha256sum writes). */
export function parseChecksumFile(text: string, zipName: string, source: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  const m = line === undefined ? null : LINE_RE.exec(line.trim());
  if (!m)
    throw new ChecksumFileError(`${source}: not a checksum file ("${(line ?? '').slice(0, 80)}")`, source);
  if (m[2] !== zipName) throw new ChecksumFileError(`${source}: names ${m[2]}, expected ${zipName}`, source);
  return (m[1] as string).toLowerCase();
}

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
