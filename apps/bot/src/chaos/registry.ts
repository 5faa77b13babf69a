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

/**
 * Every chaos scenario, in table order. `npm run chaos` and the fast test both run this list.
 * The SIGKILL / snapshot / venue-restart group (KILL_SCENARIOS, ./scenarios/kill) joins it as
 * `...KILL_SCENARIOS` once that branch is merged.
 */
export const CHAOS_SCENARIOS: readonly ChaosScenario[] = [
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
