import type { IntentStatus, OrderStatus, PositionStatus } from '@aurora/contracts';

/**
 * The three state machines of an order's life, each as ONE table: state × event → next state.
 * A pair missing from a table is illegal; nothing else in the code base moves these statuses.
 */
export type TransitionTable<S extends string, E extends string> = Readonly<
  Record<S, Readonly<Partial<Record<E, S>>>>
>;

/** Events that move a Binance order; each is named after the status Binance reports (`X`). */
export type OrderEvent =
  'ACK' | 'PARTIAL_FILL' | 'FILL' | 'CANCEL_REQUEST' | 'CANCEL' | 'REJECT' | 'EXPIRE' | 'EXPIRE_IN_MATCH';

export const ORDER_TRANSITIONS: TransitionTable<OrderStatus, OrderEvent> = {
  NEW: {
    ACK: 'NEW',
    PARTIAL_FILL: 'PARTIALLY_FILLED',
    FILL: 'FILLED',
    CANCEL_REQUEST: 'PENDING_CANCEL',
    CANCEL: 'CANCELED',
    REJECT: 'REJECTED',
    EXPIRE: 'EXPIRED',
    EXPIRE_IN_MATCH: 'EXPIRED_IN_MATCH',
  },
  // A trade-prevention (STP) report keeps the order working: PARTIAL_FILL is a legal self-loop.
  PARTIALLY_FILLED: {
    PARTIAL_FILL: 'PARTIALLY_FILLED',
    FILL: 'FILLED',
    CANCEL_REQUEST: 'PENDING_CANCEL',
    CANCEL: 'CANCELED',
    EXPIRE: 'EXPIRED',
    EXPIRE_IN_MATCH: 'EXPIRED_IN_MATCH',
  },
  // Binance documents PENDING_CANCEL as "currently unused"; if it appears, fills may still land.
  PENDING_CANCEL: {
    PARTIAL_FILL: 'PENDING_CANCEL',
    FILL: 'FILLED',
    CANCEL: 'CANCELED',
    EXPIRE: 'EXPIRED',
    EXPIRE_IN_MATCH: 'EXPIRED_IN_MATCH',
  },
  FILLED: {},
  CANCELED: {},
  REJECTED: {},
  EXPIRED: {},
  EXPIRED_IN_MATCH: {},
};

/**
 * Intent events. RETRY re-sends while SUBMITTING (only after an ExchangeRetryable error, which
 * guarantees the earlier attempt took no effect). TIMEOUT = UnknownExecutionStatus; FOUND and
 * NOT_FOUND are the verdicts of phantom-order recovery.
 */
export type IntentEvent = 'SUBMIT' | 'RETRY' | 'ACK' | 'REJECT' | 'TIMEOUT' | 'FOUND' | 'NOT_FOUND';

export const INTENT_TRANSITIONS: TransitionTable<IntentStatus, IntentEvent> = {
  CREATED: { SUBMIT: 'SUBMITTING' },
  SUBMITTING: { RETRY: 'SUBMITTING', ACK: 'ACKED', REJECT: 'REJECTED', TIMEOUT: 'UNKNOWN' },
  UNKNOWN: { FOUND: 'ACKED', NOT_FOUND: 'NOT_FOUND' },
  ACKED: {},
  REJECTED: {},
  NOT_FOUND: {},
};

/**
 * Position events, derived by the PositionEngine from its entry and exit orders.
 * ENTRY_ENDED_* = the entry order reached a terminal status other than FILLED.
 * EXIT_ENDED = the last live exit order ended with quantity still open.
 * DUST_CLOSED = an Open position holds less than any exit order could sell (below minQty,
 * MARKET_LOT_SIZE minQty or the minimum notional): it closes, keeping the remainder as dust.
 */
export type PositionEvent =
  | 'ENTRY_PARTIAL_FILL'
  | 'ENTRY_FILLED'
  | 'ENTRY_ENDED_EMPTY'
  | 'ENTRY_ENDED_PARTIAL'
  | 'EXIT_REGISTERED'
  | 'EXIT_PARTIAL_FILL'
  | 'EXIT_ENDED'
  | 'EXIT_COMPLETED'
  | 'DUST_CLOSED'
  | 'ERROR';

export const POSITION_TRANSITIONS: TransitionTable<PositionStatus, PositionEvent> = {
  Pending: {
    ENTRY_PARTIAL_FILL: 'PartiallyFilled',
    ENTRY_FILLED: 'Open',
    ENTRY_ENDED_EMPTY: 'Cancelled',
    ERROR: 'Error',
  },
  PartiallyFilled: {
    ENTRY_PARTIAL_FILL: 'PartiallyFilled',
    ENTRY_FILLED: 'Open',
    ENTRY_ENDED_PARTIAL: 'Open',
    ERROR: 'Error',
  },
  Open: { EXIT_REGISTERED: 'Closing', DUST_CLOSED: 'Closed', ERROR: 'Error' },
  Closing: {
    EXIT_REGISTERED: 'Closing',
    EXIT_PARTIAL_FILL: 'Closing',
    EXIT_ENDED: 'Open',
    EXIT_COMPLETED: 'Closed',
    ERROR: 'Error',
  },
  Closed: { ERROR: 'Error' },
  Cancelled: { ERROR: 'Error' },
  // Money keeps moving while a position is in Error: fills still update its books (the status
  // stays Error for an operator), and it leaves Error only by becoming flat.
  Error: {
    ENTRY_PARTIAL_FILL: 'Error',
    ENTRY_FILLED: 'Error',
    ENTRY_ENDED_PARTIAL: 'Error',
    ENTRY_ENDED_EMPTY: 'Cancelled',
    EXIT_REGISTERED: 'Error',
    EXIT_PARTIAL_FILL: 'Error',
    EXIT_ENDED: 'Error',
    EXIT_COMPLETED: 'Closed',
    ERROR: 'Error',
  },
};

export type MachineName = 'order' | 'intent' | 'position' | 'custom';

const MACHINE_NAMES = new Map<object, MachineName>([
  [ORDER_TRANSITIONS, 'order'],
  [INTENT_TRANSITIONS, 'intent'],
  [POSITION_TRANSITIONS, 'position'],
]);

/** A (state, event) pair the table does not allow. Returned, counted, never applied. */
export class IllegalTransition extends Error {
  constructor(
    readonly machine: MachineName,
    readonly from: string,
    readonly event: string,
    readonly subject: string | null = null,
  ) {
    super(
      `illegal ${machine} transition: ${from} --${event}--> (not in the table)${subject ? ` for ${subject}` : ''}`,
    );
    this.name = 'IllegalTransition';
  }
}

/** The next state, or an IllegalTransition when the table has no such move. */
export function transition<S extends string, E extends string>(
  table: TransitionTable<S, E>,
  state: S,
  event: E,
  subject: string | null = null,
): S | IllegalTransition {
  const next = table[state]?.[event];
  if (next !== undefined) return next;
  return new IllegalTransition(MACHINE_NAMES.get(table) ?? 'custom', state, event, subject);
}

export const isIllegal = (value: unknown): value is IllegalTransition => value instanceof IllegalTransition;

const STATUS_EVENT: Readonly<Record<OrderStatus, OrderEvent>> = {
  NEW: 'ACK',
  PARTIALLY_FILLED: 'PARTIAL_FILL',
  FILLED: 'FILL',
  PENDING_CANCEL: 'CANCEL_REQUEST',
  CANCELED: 'CANCEL',
  REJECTED: 'REJECT',
  EXPIRED: 'EXPIRE',
  EXPIRED_IN_MATCH: 'EXPIRE_IN_MATCH',
};

/** The event that lands an order in `status` (an executionReport's `X`). */
export const orderEventFor = (status: OrderStatus): OrderEvent => STATUS_EVENT[status];

export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
  'EXPIRED_IN_MATCH',
]);

export const isTerminalOrderStatus = (s: OrderStatus): boolean => TERMINAL_ORDER_STATUSES.has(s);

/**
 * Apply a reported order status. `current` null = nothing seen yet: any first report is
 * accepted (a market order may first be heard of as FILLED). Reporting the current status again
 * is a restatement, not a move, so it returns `current` even for terminal statuses.
 */
export function nextOrderStatus(
  current: OrderStatus | null,
  reported: OrderStatus,
  subject: string | null = null,
): OrderStatus | IllegalTransition {
  if (current === null || current === reported) return reported;
  return transition(ORDER_TRANSITIONS, current, STATUS_EVENT[reported], subject);
}
