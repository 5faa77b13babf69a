import { afterEach, describe, expect, it } from 'vitest';
import { PositionsResponse, StateSnapshot } from '@aurora/contracts';
import { startTestBot, type TestBot } from '../testing/bot-harness';

const bots: TestBot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close().catch(() => undefined);
});

async function ready(b: TestBot): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!b.ctx.state.ready) {
    if (Date.now() > deadline) throw new Error('bot not ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a restart on a fresh embedded simulator', () => {
  it('keeps the earlier session’s positions as Error history and frees the books for new trades', async () => {
    const first = await startTestBot();
    bots.push(first);
    await ready(first);
    const res = await first.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'ETHUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.05' },
    });
    expect(res.status).toBe(200);
    const open = PositionsResponse.parse(await (await first.api('/api/v1/positions?status=open')).json());
    expect(open.items.map((p) => p.symbol)).toEqual(['ETHUSDT']);
    const id = open.items[0]!.id;
    await first.close();
    bots.pop();

    const second = await startTestBot({}, first.dataDir);
    bots.push(second);
    await ready(second);
    const nowOpen = PositionsResponse.parse(await (await second.api('/api/v1/positions?status=open')).json());
    expect(nowOpen.items).toEqual([]);
    const all = PositionsResponse.parse(await (await second.api('/api/v1/positions?status=all')).json());
    const old = all.items.find((p) => p.id === id);
    expect(old?.status).toBe('Error');
    expect(old?.error_reason).toMatch(/venue reset/);
    const state = StateSnapshot.parse(await (await second.api('/api/v1/state')).json());
    expect(state.risk.open_positions_count).toBe(0);
    expect(state.control_actions.some((a) => a.action === 'venue-reset')).toBe(true);
    // The symbol is free again: a new entry on it is not refused as "already open".
    const again = await second.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'ETHUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.05' },
    });
    const body = (await again.json()) as { decision: { final_decision: string; blocking_layer: string | null } };
    expect(body.decision).toMatchObject({ final_decision: 'ALLOW', blocking_layer: null });
  });
});
