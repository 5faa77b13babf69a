import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderStatus } from '@aurora/contracts';
import {
  IllegalTransition,
  INTENT_TRANSITIONS,
  isTerminalOrderStatus,
  nextOrderStatus,
  ORDER_TRANSITIONS,
  POSITION_TRANSITIONS,
  transition,
  type OrderEvent,
  type PositionEvent,
} from './transitions';

const ORDER_EVENTS: OrderEvent[] = [
  'ACK',
  'PARTIAL_FILL',
  'FILL',
  'CANCEL_REQUEST',
  'CANCEL',
  'REJECT',
  'EXPIRE',
  'EXPIRE_IN_MATCH',
];

describe('transition', () => {
  it('follows the order table for a partially filled then filled order', () => {
    expect(transition(ORDER_TRANSITIONS, 'NEW', 'PARTIAL_FILL')).toBe('PARTIALLY_FILLED');
    expect(transition(ORDER_TRANSITIONS, 'PARTIALLY_FILLED', 'FILL')).toBe('FILLED');
  });

  it('returns a typed IllegalTransition naming the machine, state and event', () => {
    const r = transition(ORDER_TRANSITIONS, 'FILLED', 'CANCEL', 'abc');
    expect(r).toBeInstanceOf(IllegalTransition);
    const err = r as IllegalTransition;
    expect([err.machine, err.from, err.event, err.subject]).toEqual(['order', 'FILLED', 'CANCEL', 'abc']);
  });

  it('walks an intent through submission, timeout and recovery', () => {
    expect(transition(INTENT_TRANSITIONS, 'CREATED', 'SUBMIT')).toBe('SUBMITTING');
    expect(transition(INTENT_TRANSITIONS, 'SUBMITTING', 'TIMEOUT')).toBe('UNKNOWN');
    expect(transition(INTENT_TRANSITIONS, 'UNKNOWN', 'FOUND')).toBe('ACKED');
    expect(transition(INTENT_TRANSITIONS, 'UNKNOWN', 'NOT_FOUND')).toBe('NOT_FOUND');
    expect(transition(INTENT_TRANSITIONS, 'CREATED', 'ACK')).toBeInstanceOf(IllegalTransition);
    expect(transition(INTENT_TRANSITIONS, 'ACKED', 'REJECT')).toBeInstanceOf(IllegalTransition);
  });

  it('walks a position from Pending to Closed and allows Error from every state', () => {
    const path: PositionEvent[] = ['ENTRY_PARTIAL_FILL', 'ENTRY_FILLED', 'EXIT_REGISTERED', 'EXIT_COMPLETED'];
    let s: string = 'Pending';
    for (const e of path) s = transition(POSITION_TRANSITIONS, s as 'Pending', e) as string;
    expect(s).toBe('Closed');
    for (const state of Object.keys(POSITION_TRANSITIONS) as (keyof typeof POSITION_TRANSITIONS)[])
      expect(transition(POSITION_TRANSITIONS, state, 'ERROR')).toBe('Error');
    expect(transition(POSITION_TRANSITIONS, 'Pending', 'ENTRY_ENDED_EMPTY')).toBe('Cancelled');
    expect(transition(POSITION_TRANSITIONS, 'Closed', 'EXIT_PARTIAL_FILL')).toBeInstanceOf(IllegalTransition);
  });
});

describe('nextOrderStatus', () => {
  it('accepts any first report, since a market order may first be heard of as FILLED', () => {
    expect(nextOrderStatus(null, 'FILLED')).toBe('FILLED');
  });

  it('treats a restated status as no move, even when terminal', () => {
    expect(nextOrderStatus('CANCELED', 'CANCELED')).toBe('CANCELED');
  });

  it('refuses to move a filled order back to partially filled', () => {
    expect(nextOrderStatus('FILLED', 'PARTIALLY_FILLED')).toBeInstanceOf(IllegalTransition);
  });
});

describe('order table properties', () => {
  it('never lets a terminal order status move, whatever the event sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_EVENTS), { maxLength: 30 }), (events) => {
        let status: OrderStatus = 'NEW';
        let terminal: OrderStatus | null = null;
        for (const e of events) {
          const next: OrderStatus | IllegalTransition = transition(ORDER_TRANSITIONS, status, e);
          if (terminal !== null) expect(next).toBeInstanceOf(IllegalTransition);
          if (next instanceof IllegalTransition) continue;
          status = next;
          if (isTerminalOrderStatus(status)) terminal = status;
        }
        if (terminal !== null) expect(status).toBe(terminal);
      }),
    );
  });

  it('has an empty row for every terminal status and no move out of one through nextOrderStatus', () => {
    for (const s of OrderStatus.options) {
      if (!isTerminalOrderStatus(s)) continue;
      expect(ORDER_TRANSITIONS[s]).toEqual({});
      for (const other of OrderStatus.options)
        if (other !== s) expect(nextOrderStatus(s, other)).toBeInstanceOf(IllegalTransition);
    }
  });
});
