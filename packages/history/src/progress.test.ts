import { describe, expect, it } from 'vitest';
import { archiveFile } from './archive-layout';
import { progressRenderer } from './progress';

const file = archiveFile('BTCUSDT', '1m', 'monthly', '2024-01');
const report = {
  name: file.name,
  months: ['2024-01'],
  rows: 44640,
  duplicates: 0,
  replaced: 0,
  rejected: [],
  headerSkipped: false,
};

const drive = (isTTY: boolean): string => {
  let out = '';
  const render = progressRenderer({ isTTY, columns: 120, write: (s) => (out += s) });
  render({ type: 'queued', count: 2 });
  render({ type: 'start', file });
  render({ type: 'bytes', file, received: 1_048_576, total: 2_097_152 });
  render({ type: 'stored', file, report });
  render({ type: 'missing', file: archiveFile('BTCUSDT', '1m', 'monthly', '2024-02') });
  return out;
};

describe('download progress', () => {
  it('draws a bar redrawn in place on a terminal', () => {
    const out = drive(true);
    expect(out).toContain('\r\x1b[2K[' + '.'.repeat(24) + '] 0/2 BTCUSDT-1m-2024-01.zip 1.0 MB/2.0 MB');
    expect(out).toContain('[' + '#'.repeat(12) + '.'.repeat(12) + '] 1/2');
    expect(out).toContain('stored   BTCUSDT-1m-2024-01.zip: 44,640 candles, month 2024-01\n');
  });

  it('prints plain lines, one per file and no escape codes, elsewhere', () => {
    expect(drive(false)).toBe(
      'stored   BTCUSDT-1m-2024-01.zip: 44,640 candles, month 2024-01\n' +
        'missing  BTCUSDT-1m-2024-02.zip: not in the archive (404) — reported as a gap\n',
    );
  });
});
