import type { ChaosScenario } from '../../scenario';
import { cancelOnlyOpenPosition } from './cancel-only';
import { dbSnapshotRestore } from './db-snapshot';
import { sigkillOrderPath } from './sigkill';
import { stopGapNoFill } from './stop-gap';

/** The kill group: the bot (or its database, or the venue) dies mid-flight and comes back. */
export const KILL_SCENARIOS: ChaosScenario[] = [
  sigkillOrderPath,
  dbSnapshotRestore,
  cancelOnlyOpenPosition,
  stopGapNoFill,
];
