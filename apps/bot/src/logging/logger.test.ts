import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat, type LogFormat } from './logger';

/** A destination that keeps everything written to it. */
function capture(): { stream: Writable & { write: Writable['write'] }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const SECRET_FIELDS = {
  apiKey: 'AK-must-not-appear',
  nested: { apiSecret: 'AS-must-not-appear', signature: 'SIG-must-not-appear' },
  headers: { authorization: 'Bearer TOKEN-must-not-appear' },
};

describe('createLogger', () => {
  it.each<[LogFormat, boolean, boolean, 'pretty' | 'json']>([
    ['auto', true, false, 'pretty'],
    ['auto', false, false, 'json'],
    ['auto', true, true, 'json'],
    ['pretty', false, true, 'pretty'],
    ['json', true, false, 'json'],
  ])('format %s with a TTY=%s and destination=%s logs %s', (format, tty, dest, expected) => {
    expect(resolveLogFormat(format, tty, dest)).toBe(expected);
  });

  it('pretty output is human text and still redacts every secret path', async () => {
    const out = capture();
    const log = createLogger('info', { destination: out.stream, format: 'pretty' });
    log.info(SECRET_FIELDS, 'order placed');
    await new Promise((r) => setImmediate(r));
    const text = out.text();
    expect(text).toContain('order placed');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/must-not-appear/);
    expect(() => JSON.parse(text.trim().split('\n')[0] as string)).toThrow();
  });

  it('JSON output is one parseable object per line with the secrets redacted', () => {
    const out = capture();
    const log = createLogger('info', { destination: out.stream, format: 'json' });
    log.info(SECRET_FIELDS, 'order placed');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'order placed', apiKey: '[redacted]', service: 'aurora-bot' });
    expect(out.text()).not.toMatch(/must-not-appear/);
  });
});
