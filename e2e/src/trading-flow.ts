import { PositionsResponse, ProposalResponse, StateResponse, type PositionDto } from '@aurora/contracts';
import { waitFor, type Stack } from './harness';

/** Waits until the bot is ready (start-up reconcile done) and has a quote for `symbol`. */
export async function waitUntilTradable(stack: Stack, symbol: string): Promise<void> {
  await waitFor(
    async () => {
      const s = await stack.api.get('/state', StateResponse);
      return s.ready && s.market.some((q) => q.symbol === symbol) ? true : undefined;
    },
    30_000,
    `the bot to be ready with a ${symbol} quote`,
  );
}

/**
 * Places a manual MARKET proposal through the whole pipeline and returns the decision; throws
 * with every gate's reason when it is blocked, so a failing test says why.
 */
export async function buyAtMarket(stack: Stack, symbol: string, quantity?: string) {
  const { decision } = await stack.api.post(
    '/proposals',
    { symbol, side: 'BUY', order_type: 'MARKET', ...(quantity ? { quantity } : {}) },
    ProposalResponse,
  );
  if (decision.final_decision !== 'ALLOW') {
    const why = decision.gates.map((g) => `${g.gate}=${g.verdict} (${g.reason})`).join('; ');
    throw new Error(`manual proposal blocked at ${decision.blocking_layer}: ${why}`);
  }
  return decision;
}

/** The open position the API reports for a decision, once its entry has filled. */
export async function filledPositionFor(
  stack: Stack,
  decisionId: string,
  timeoutMs = 15_000,
): Promise<PositionDto> {
  return waitFor(
    async () => {
      const page = await stack.api.get('/positions?status=open&limit=100', PositionsResponse);
      return page.items.find((p) => p.decision_id === decisionId && p.status === 'Open');
    },
    timeoutMs,
    `the position of decision ${decisionId} to fill`,
  );
}
