import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { StateSnapshot, WsEventMessage } from '@aurora/contracts';
import { LiveContext, type LiveContextValue } from './live-context';
import { LiveStore } from './live-store';
import { TruthSocket, truthSocketUrl, type ConnectionStatus } from './truth-socket';
import { useToasts } from '../toasts/toast-store';
import type { ToastTone } from '../toasts/toast-store';
import { applyBacktestPush } from '../backtests/backtest-queries';

/** REST reads follow the pushed state: when state_version moves, they are refetched, at most this often. */
const INVALIDATE_EVERY_MS = 1_000;

const EVENT_TOAST: Record<WsEventMessage['event']['kind'], { tone: ToastTone; title: string }> = {
  TRADE_EXECUTED: { tone: 'success', title: 'Trade executed' },
  POSITION_OPENED: { tone: 'success', title: 'Position opened' },
  POSITION_CLOSED: { tone: 'info', title: 'Position closed' },
  RISK_BLOCKED: { tone: 'warning', title: 'Blocked by risk' },
  BREAKER_TRIPPED: { tone: 'danger', title: 'Circuit breaker tripped' },
  RECONCILE_DRIFT: { tone: 'drift', title: 'Reconciliation drift' },
  ERROR: { tone: 'danger', title: 'Error' },
  ANOMALY: { tone: 'warning', title: 'Anomaly (statistics)' },
};

/** What changes when something trading-relevant happened (not on every market tick). */
function tradingSignature(s: StateSnapshot): string {
  return [
    s.positions.map((p) => `${p.id}:${p.status}:${p.filled_qty}:${p.exited_qty}`).join(','),
    s.open_orders.map((o) => `${o.intent_id}:${o.status}:${o.filled_qty}`).join(','),
    s.recent_decisions[0]?.id ?? '',
    s.control_actions[0]?.id ?? '',
    s.recent_errors[0]?.id ?? '',
    s.last_reconcile?.id ?? '',
  ].join('|');
}

interface TruthProviderProps {
  token: string;
  onUnauthorized: () => void;
  children: ReactNode;
}

export function TruthProvider({ token, onUnauthorized, children }: TruthProviderProps) {
  const queryClient = useQueryClient();
  const toasts = useToasts();
  const store = useMemo(() => new LiveStore(), []);
  const socketRef = useRef<TruthSocket | null>(null);
  const callbacks = useRef({ toasts, onUnauthorized });
  callbacks.current = { toasts, onUnauthorized };

  useEffect(() => {
    let lastVersion: number | null = null;
    let lastTrading: string | null = null;
    let invalidateTimer: ReturnType<typeof setTimeout> | null = null;
    let lastInvalidateAt = 0;
    let previousStatus: ConnectionStatus = 'connecting';

    const invalidate = () => {
      invalidateTimer = null;
      lastInvalidateAt = Date.now();
      void queryClient.invalidateQueries({ predicate: (q) => q.meta?.static !== true });
    };

    const socket = new TruthSocket({
      url: truthSocketUrl(window.location),
      token,
      listener: {
        onSnapshot(state, seq) {
          store.update({ snapshot: state, seq, receivedAt: Date.now() });
          const version = state.truth.state_version;
          // A trading event (an order or position changing status, a fill, a new decision or
          // control action) refreshes the REST views at once; market ticks only once a second.
          const trading = tradingSignature(state);
          if (lastTrading !== null && trading !== lastTrading) {
            if (invalidateTimer) clearTimeout(invalidateTimer);
            invalidate();
          } else if (lastVersion !== null && version !== lastVersion && invalidateTimer === null) {
            const wait = Math.max(0, lastInvalidateAt + INVALIDATE_EVERY_MS - Date.now());
            invalidateTimer = setTimeout(invalidate, wait);
          }
          lastVersion = version;
          lastTrading = trading;
        },
        onEvent(event) {
          const style = EVENT_TOAST[event.kind];
          callbacks.current.toasts.push({ tone: style.tone, title: style.title, message: event.message });
        },
        onBacktest(run) {
          applyBacktestPush(queryClient, run);
          if (run.status === 'done')
            callbacks.current.toasts.push({ tone: 'success', title: 'Backtest finished', message: `${run.request.strategy} on ${run.request.symbols.join(', ')}` });
          if (run.status === 'failed')
            callbacks.current.toasts.push({ tone: 'danger', title: 'Backtest failed', message: run.error ?? 'unknown error' });
        },
        onConnection(info) {
          store.update({ connection: info });
          if (info.status === 'reconnecting' && previousStatus === 'open') {
            callbacks.current.toasts.push({
              tone: 'danger',
              title: 'WebSocket disconnected',
              message: 'Live updates stopped; showing the last known state while reconnecting.',
            });
          }
          if (info.status === 'unauthorized') callbacks.current.onUnauthorized();
          previousStatus = info.status;
        },
        onLatency(roundTripMs) {
          store.update({ latencyMs: roundTripMs });
        },
        onBadMessage(detail) {
          const s = store.getState();
          store.update({ badMessages: s.badMessages + 1, lastBadMessage: detail });
          console.warn('dropped a live message that does not match the contract:', detail);
        },
      },
    });
    socketRef.current = socket;
    socket.start();
    return () => {
      if (invalidateTimer) clearTimeout(invalidateTimer);
      socket.stop();
      socketRef.current = null;
    };
  }, [token, store, queryClient]);

  const value = useMemo<LiveContextValue>(
    () => ({ store, reconnectNow: () => socketRef.current?.reconnectNow() }),
    [store],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
