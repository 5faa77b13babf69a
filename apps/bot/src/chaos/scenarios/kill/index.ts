import type { ChaosScenario } from '../../scenario';
import { cancelOnlyOpenPosition } from './cancel-only';
import { dbSnapshotRestore } from './db-snapshot';
import { sigkillOrderPath } from './sigkill';
import { soakShort, soakTradingDay, soakWeek } from './soak';
import { stopGapNoFill } from './stop-gap';
import { venueRestartKept, venueRestartReset } from './venue-restart';

/** The kill group: the bot (or its database, or the venue) dies mid-flight and comes back. */
export const KILL_SCENARIOS: ChaosScenario[] = [
  sigkillOrderPath,
  dbSnapshotRestore,
  cancelOnlyOpenPosition,
  stopGapNoFill,
  venueRestartKept,
  venueRestartReset,
  soakShort,
  soakTradingDay,
  soakWeek,
];
