import { OrdersResponse } from '@aurora/contracts';
import { waitFor } from '../../integration/wait-for';
import { Dec } from '@aurora/core';
import { SYMBOL, type Rig } from '../rig';

/** Where a scenario's fault lands: on the entry's placement or on the exit's. */
export type Phase = 'entry' | 'exit';

/** The seed decides the phase, so the fast seeds cover both. */
export const phaseOf = (seed: number): Phase => (seed % 2 === 0 ? 'entry' : 'exit');

export interface RoundTrip {
  positionId: string;
  /**
   * The position's status once its entry settled (Open, or Cancelled when the entry never reached
   * the venue), or "entry REJECTED" / "entry NOT_FOUND" when the bot kept no position at all.
   */
  entered: string;
  /** The status at the end (Closed after the exit, or as it entered when it never opened). */
  final: string;
}

const ENDED_ENTRY = new Set(['Open', 'Closed', 'Cancelled', 'Error']);

/**
 * A MARKET BUY through the API, then the price pushed below its stop so the bot's own exit flow
 * sells (exits are the bot's to manage, retries included). The hooks arm faults just before the
 * entry's and the exit's placements.
 */
export async function roundTrip(
  rig: Rig,
  hooks: {
    beforeEntry?: () => Promise<void>;
    afterProposal?: () => Promise<void>;
    beforeExit?: () => Promise<void>;
  } = {},
  opts: { quantity?: string; entryTimeoutMs?: number; exitTimeoutMs?: number } = {},
): Promise<RoundTrip> {
  await hooks.beforeEntry?.();
  const proposal = await rig.propose(opts.quantity);
  if (proposal.status !== 200)
    throw new Error(`the proposal answered ${proposal.status}: ${JSON.stringify(proposal.body)}`);
  await hooks.afterProposal?.();
  const id = proposal.positionId;
  const entered = await waitFor(
    async () => {
      const p = await rig.position(id);
      if (p) return ENDED_ENTRY.has(p.status) ? p.status : undefined;
      const entry = (await intentsOf(rig, id)).find((i) => i.purpose === 'ENTRY');
      return entry && (entry.intent_status === 'REJECTED' || entry.intent_status === 'NOT_FOUND')
        ? (`entry ${entry.intent_status}` as const)
        : undefined;
    },
    { what: `the entry of ${id} to settle`, timeoutMs: opts.entryTimeoutMs ?? 30_000, intervalMs: 100 },
  );
  rig.log(`entry settled: ${id} ${entered}`);
  if (entered !== 'Open') return { positionId: id, entered, final: entered };
  await hooks.beforeExit?.();
  const open = await rig.position(id);
  const stop = new Dec(open?.stop_price ?? '0');
  await rig.venue.setPrice(SYMBOL, stop.mul('0.99').toDecimalPlaces(2).toFixed());
  const final = await rig.waitPosition(
    id,
    (p) => p.status === 'Closed' || p.status === 'Error',
    'the stop exit',
    opts.exitTimeoutMs ?? 40_000,
  );
  rig.log(`exit settled: ${id} ${final.status}`);
  return { positionId: id, entered, final: final.status };
}

/** The bot's intents of one position (entry first), from GET /orders. */
export async function intentsOf(rig: Rig, positionId: string) {
  const res = await rig.bot.api('/api/v1/orders?status=all&limit=500');
  return OrdersResponse.parse(await res.json()).items.filter((o) => o.position_id === positionId);
}
