import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { RUNTIME_CONFIG_FILE, loadRuntimeConfig, saveRuntimeConfig } from './runtime-config-file';

const fresh = () => mkdtempSync(join(tmpdir(), 'aurora-cfg-'));

describe('runtime_config.json', () => {
  it('is created with every default on first start', () => {
    const dir = fresh();
    const out = loadRuntimeConfig(dir, 1);
    expect(out.kind).toBe('created');
    expect(JSON.parse(readFileSync(join(dir, RUNTIME_CONFIG_FILE), 'utf8'))).toEqual(defaultRuntimeConfig());
    expect(statSync(join(dir, RUNTIME_CONFIG_FILE)).mode & 0o777).toBe(0o600);
  });

  it('loads an older file with missing fields, filling the defaults', () => {
    const dir = fresh();
    writeFileSync(join(dir, RUNTIME_CONFIG_FILE), JSON.stringify({ symbols: ['ETHUSDT'], risk: { max_daily_loss_pct: 2 } }));
    const out = loadRuntimeConfig(dir, 1);
    expect(out.kind).toBe('loaded');
    if (out.kind !== 'loaded') return;
    expect(out.config.symbols).toEqual(['ETHUSDT']);
    expect(out.config.risk.max_daily_loss_pct).toBe(2);
    expect(out.config.risk.max_consecutive_losses).toBe(defaultRuntimeConfig().risk.max_consecutive_losses);
    expect(out.config.account_mode).toBe('DEMO');
  });

  it('moves a corrupt file aside and never overwrites it', () => {
    const dir = fresh();
    writeFileSync(join(dir, RUNTIME_CONFIG_FILE), '{"symbols": [');
    const out = loadRuntimeConfig(dir, 1234);
    expect(out.kind).toBe('corrupt');
    if (out.kind !== 'corrupt') return;
    expect(out.problem).toMatch(/not valid JSON/);
    expect(readFileSync(out.movedTo, 'utf8')).toBe('{"symbols": [');
    expect(readdirSync(dir)).toContain(`${RUNTIME_CONFIG_FILE}.corrupt-1234`);
    expect(out.config).toEqual(defaultRuntimeConfig());
  });

  it('treats a schema violation as corrupt, naming the field', () => {
    const dir = fresh();
    writeFileSync(join(dir, RUNTIME_CONFIG_FILE), JSON.stringify({ risk: { max_daily_loss_pct: 'lots' } }));
    const out = loadRuntimeConfig(dir, 5);
    expect(out.kind).toBe('corrupt');
    if (out.kind === 'corrupt') expect(out.problem).toContain('risk.max_daily_loss_pct');
  });

  it('writes atomically, leaving no temporary file behind', () => {
    const dir = fresh();
    const cfg = { ...defaultRuntimeConfig(), symbols: ['BNBUSDT'] };
    saveRuntimeConfig(dir, cfg);
    expect(readdirSync(dir)).toEqual([RUNTIME_CONFIG_FILE]);
    expect(loadRuntimeConfig(dir, 1)).toMatchObject({ kind: 'loaded', config: { symbols: ['BNBUSDT'] } });
  });
});
