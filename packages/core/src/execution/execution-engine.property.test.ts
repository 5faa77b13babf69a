import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import type { PlaceFault, QueryFault } from './testing/fake-exchange';
import { createHarness, entryRequest } from './testing/engine-harness';

const placeFault: fc.Arbitrary<PlaceFault> = fc.oneof(
  fc.constant<PlaceFault>({ kind: 'reject' }),
  fc
    .constantFrom<'now' | 'after-backoff' | 'after-resync'>('now', 'after-backoff', 'after-resync')
    .map((retry): PlaceFault => ({ kind: 'retryable', retry })),
  fc.constant<PlaceFault>({ kind: 'unknown-accepted' }),
  fc.constant<PlaceFault>({ kind: 'unknown-dropped' }),
);
const queryFault: fc.Arbitrary<QueryFault> = fc.constantFrom<QueryFault>(
  { kind: 'retryable' },
  { kind: 'unknown' },
);

type Op =
  { op: 'entry'; proposal: number; price: string } | { op: 'exit'; position: number } | { op: 'kill' };
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('entry' as const),
      proposal: fc.nat(3),
      price: fc.constantFrom('49900', '50100'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('exit' as const), position: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'kill' as const }) },
);

describe('ExecutionEngine under any interleaving of venue failures', () => {
  it('never lets two orders share a clientOrderId, nor an intent have more than one order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(placeFault, { maxLength: 12 }),
        fc.array(queryFault, { maxLength: 6 }),
        fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 20_000 }),
        async (placeFaults, queryFaults, batches, market, stream, queryLagMs) => {
          const h = createHarness({
            config: { entry_order_type: market ? 'MARKET' : 'LIMIT' },
            stream,
            exchange: { queryLagMs },
          });
          h.exchange.placeFaults.push(...placeFaults);
          h.exchange.queryFaults.push(...queryFaults);
          for (const batch of batches) {
            await Promise.all(
              batch.map(async (o) => {
                if (o.op === 'entry')
                  return h.engine.executeEntry(
                    entryRequest({ proposalId: `p${o.proposal}`, price: dec(o.price) }),
                  );
                if (o.op === 'exit')
                  return h.engine.executeExit({ positionId: `pos-intent-${o.position + 1}`, reason: 'TEST' });
                return h.engine.cancelEntryOrders();
              }),
            );
          }
          const orders = h.exchange.allOrders();
          const byClientId = new Map<string, number>();
          for (const o of orders) byClientId.set(o.clientOrderId, (byClientId.get(o.clientOrderId) ?? 0) + 1);
          for (const [id, n] of byClientId) {
            expect(n, `orders for ${id}`).toBe(1);
            // Every order on the exchange has a stored intent (it was durable before it left).
            expect(h.intents.get(id), `intent for ${id}`).toBeDefined();
          }
          const proposals = new Map<string, number>();
          for (const o of orders) {
            const intent = h.intents.get(o.clientOrderId)!;
            if (intent.proposalId !== null)
              proposals.set(intent.proposalId, (proposals.get(intent.proposalId) ?? 0) + 1);
            // Our books hold exactly what the exchange executed.
            expect(intent.filledQty.toFixed(), `filled ${intent.id}`).toBe(o.executedQty.toFixed());
          }
          for (const n of proposals.values()) expect(n).toBe(1);
          for (const i of h.intents.listByStatus(['ACKED'])) expect(byClientId.get(i.id)).toBe(1);
          for (const i of h.intents.listByStatus(['REJECTED', 'NOT_FOUND']))
            expect(byClientId.has(i.id)).toBe(false);
          expect(h.intents.listByStatus(['CREATED', 'SUBMITTING', 'UNKNOWN'])).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
