import type { PositionDto, PositionStatus } from '@aurora/contracts';
import type { BadgeTone } from '../ui/Badge';

const FINISHED: ReadonlySet<PositionStatus> = new Set(['Closed', 'Cancelled']);

/** Positions the operator can still act on (everything not Closed or Cancelled). */
export const isActivePosition = (p: PositionDto) => !FINISHED.has(p.status);

export const POSITION_STATUS_TONE: Record<PositionStatus, BadgeTone> = {
  Pending: 'accent',
  PartiallyFilled: 'accent',
  Open: 'up',
  Closing: 'warn',
  Closed: 'neutral',
  Cancelled: 'neutral',
  Error: 'down',
};
