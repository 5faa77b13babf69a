import { crc32, inflateRawSync } from 'node:zlib';
import { ZipFormatError } from './errors';

/**
 * A small reader for the zips of Binance's archive: one deflated (or stored) CSV per zip, no
 * zip64, no encryption. It reads the central directory (the only place sizes are reliable when
 * an entry was streamed with a data descriptor) and checks every entry against its CRC-32, so a
 * truncated or damaged download is an error naming the file, never half a month of candles.
 */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;

function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_MIN - MAX_COMMENT);
  for (let i = buf.length - EOCD_MIN; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG && i + EOCD_MIN + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  return -1;
}

export function readZipEntries(buf: Buffer, file: string): ZipEntry[] {
  const fail = (why: string): never => {
    throw new ZipFormatError(`${file}: ${why}`, file);
  };
  if (buf.length < EOCD_MIN) fail(`not a zip or truncated (${buf.length} bytes)`);
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) fail('truncated zip or not a zip (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) fail('zip64 archives are not supported');
  if (cdOffset + cdSize > eocd) fail('truncated zip (central directory runs past the end)');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL_SIG)
      fail(`damaged zip (central directory entry ${n + 1})`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) fail(`${name} is encrypted`);
    if (compressedSize === 0xffffffff || size === 0xffffffff) fail('zip64 archives are not supported');
    if (localOffset + 30 > cdOffset || buf.readUInt32LE(localOffset) !== LOCAL_SIG)
      fail(`damaged zip (no local header for ${name})`);
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > cdOffset) fail(`truncated zip (${name} runs past its data)`);
    const raw = buf.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === STORED) data = Buffer.from(raw);
    else if (method === DEFLATED) {
      try {
        data = inflateRawSync(raw);
      } catch (err) {
        return fail(`${name} does not inflate (${err instanceof Error ? err.message : String(err)})`);
      }
    } else return fail(`${name} uses compression method ${method} (only stored and deflate are supported)`);
    if (data.length !== size) fail(`${name} inflates to ${data.length} bytes, the zip says ${size}`);
    if (crc32(data) >>> 0 !== crc) fail(`${name} fails its CRC-32 check`);
    entries.push({ name, data });
  }
  return entries;
}
