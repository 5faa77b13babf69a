import { describe, expect, it } from 'vitest';
import type { TradeDto } from '@aurora/contracts';
import type { PositionRecord } from '@aurora/core';
import { MemoryStore } from './memory-store';

// Parity with the SQLite repo on random sequences: apps/bot/src/store/memory-store-parity.test.ts.
const position = (id: string, status: string, createdAt: number) =>
  ({ id, symbol: 'BTCUSDT', status, createdAt, updatedAt: createdAt }) as unknown as PositionRecord;

describe('MemoryStore', () => {
  it('rolls a failed transaction back, and a failed nested one only to its own start', () => {
    const s = new MemoryStore();
    s.setMeta('k', 'before');
    expect(() =>
      s.transaction(() => {
        s.setMeta('k', 'inside');
        s.upsertPosition(position('p1', 'Open', 1));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.getMeta('k')).toBe('before');
    expect(s.positionRecord('p1')).toBeNull();

    s.transaction(() => {
      s.setMeta('k', 'outer');
      try {
        s.transaction(() => {
          s.setMeta('k', 'inner');
          s.idempotencyPut('key', 'i1', 10);
          throw new Error('inner');
        });
      } catch {
        // the outer one goes on
      }
    });
    expect(s.getMeta('k')).toBe('outer');
    expect(s.idempotencyAll(0)).toEqual([]);
  });

  it('stores a fill once, keeps the first creation time of a position, pages finished ones newest first', () => {
    const s = new MemoryStore();
    const fill = { id: 'BTCUSDT:1:1', time: 5, symbol: 'BTCUSDT', position_id: 'p1' } as TradeDto;
    expect(s.insertFill(fill)).toBe(true);
    expect(s.insertFill({ ...fill, time: 6 })).toBe(false);
    expect(s.fillsByPosition('p1').map((f) => f.time)).toEqual([5]);

    s.upsertPosition(position('p1', 'Open', 1));
    s.upsertPosition(position('p2', 'Closed', 2));
    s.upsertPosition(position('p3', 'Cancelled', 2));
    s.upsertPosition({ ...position('p1', 'Closed', 9) });
    const finished = s.pagePositionRecords('finished', 10, 0);
    expect(finished.total).toBe(3);
    expect(finished.items.map((p) => p.id)).toEqual(['p3', 'p2', 'p1']);
    // A returned record is a copy: changing it changes nothing stored.
    (finished.items[0] as { status: string }).status = 'Open';
    expect(s.positionRecord('p3')?.status).toBe('Cancelled');
  });

  it('expires idempotency claims and refuses a second intent with the same id', () => {
    const s = new MemoryStore();
    s.idempotencyPut('a', 'i1', 10);
    s.idempotencyPut('b', 'i2', 20);
    s.idempotencyPurge(10);
    expect(s.idempotencyAll(0).map((r) => r.key)).toEqual(['b']);
    expect(s.idempotencyAll(20)).toEqual([]);
    const row = { id: 'i1', proposal_id: null, position_id: null, purpose: 'ENTRY', symbol: 'BTCUSDT', status: 'NEW', order_id: null, created_at: 1, updated_at: 1, body: '{}' };
    s.insertIntent(row);
    expect(() => s.insertIntent(row)).toThrow(/UNIQUE/);
  });
});
