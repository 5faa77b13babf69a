import type { ChaosScenario } from '../../scenario';
import { sigkillOrderPath } from './sigkill';

/** The kill group: the bot (or its database, or the venue) dies mid-flight and comes back. */
export const KILL_SCENARIOS: ChaosScenario[] = [sigkillOrderPath];
