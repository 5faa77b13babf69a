import type { ChaosScenario } from './scenario';
import {
  exchangeStopWhileStalled,
  marketStreamDown,
  userStreamDropBetweenPartialFills,
  userStreamDropMidFill,
  userStreamStall,
} from './scenarios/streams';
import { clockSkewAhead, clockSkewBehind, rateLimitThenBan, wafBlock } from './scenarios/venue-refusals';
import {
  lookupsFailRecoveryWindow,
  restTimeoutAfterAccept,
  unknownStatusNotPlaced,
  unknownStatusPlaced,
} from './scenarios/order-faults';
import { KILL_SCENARIOS } from './scenarios/kill';

/**
 * The network and venue-fault scenarios (the bot in-process). chaos-fast.test.ts runs their fast
 * seeds; the SIGKILL / snapshot / restart / soak group has its own fast test beside it
 * (scenarios/kill/kill-fast.test.ts, which knows the defects it still exposes).
 */
export const FAULT_SCENARIOS: readonly ChaosScenario[] = [
  userStreamDropMidFill,
  userStreamDropBetweenPartialFills,
  userStreamStall,
  exchangeStopWhileStalled,
  marketStreamDown,
  restTimeoutAfterAccept,
  unknownStatusPlaced,
  unknownStatusNotPlaced,
  lookupsFailRecoveryWindow,
  clockSkewAhead,
  clockSkewBehind,
  rateLimitThenBan,
  wafBlock,
];

/** Every chaos scenario, in table order: what `npm run chaos` runs. */
export const CHAOS_SCENARIOS: readonly ChaosScenario[] = [...FAULT_SCENARIOS, ...KILL_SCENARIOS];
