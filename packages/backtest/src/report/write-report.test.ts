import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BacktestReport } from '@aurora/contracts';
import { syntheticRunData } from './run-data.fixture';
import { summaryLines, writeBacktestReport } from './write-report';

describe('writeBacktestReport', () => {
  it('writes the JSON report and the page beside it, and prints the trade hash last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-report-'));
    const data = syntheticRunData({ from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 8), symbols: ['BTCUSDT', 'ETHUSDT'] });
    const written = writeBacktestReport(data, dir);
    expect(written.jsonPath).toBe(join(dir, 'backtest-ema-cross-BTCUSDT_ETHUSDT-2024-01-01-2024-01-08.json'));
    expect(BacktestReport.parse(JSON.parse(readFileSync(written.jsonPath, 'utf8')))).toEqual(written.report);
    expect(readFileSync(written.htmlPath, 'utf8')).toContain(written.report.trade_hash);
    const lines = summaryLines(written);
    expect(lines[lines.length - 1]).toBe(`trade hash ${written.report.trade_hash}`);
    expect(lines.join('\n')).toContain(`trades ${data.trades.length}`);
  });
});
