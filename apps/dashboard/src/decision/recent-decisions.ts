import type { DecisionEnvelope, StateSnapshot } from '@aurora/contracts';

/** The snapshot's recent decisions, newest first (the server's order is not relied on). */
export function recentDecisionsNewestFirst(state: StateSnapshot): DecisionEnvelope[] {
  return [...state.recent_decisions].sort((a, b) => b.decided_at - a.decided_at);
}

export function latestDecision(state: StateSnapshot): DecisionEnvelope | null {
  return recentDecisionsNewestFirst(state)[0] ?? null;
}
