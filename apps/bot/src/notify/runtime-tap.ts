import type { WsHub } from '../api/routes/ws';
import type { AppState } from '../state/app-state';
import { notificationFromEvent, notificationFromNoGo } from './notification';
import type { Notifier } from './notifier';

/**
 * The runtime's one event broadcast, teed: the dashboards get every event as before, and the
 * notifier gets the ones worth telling (start-bot attaches this hub instead of the bare one).
 */
export function teeRuntimeEvents(hub: WsHub, notifier: Notifier): WsHub {
  return {
    broadcastEvent(event) {
      hub.broadcastEvent(event);
      const n = notificationFromEvent(event);
      if (n) notifier.notify(n);
    },
    clientCount: () => hub.clientCount(),
    close: () => hub.close(),
  };
}

/** Breaker, dead-man, venue, audit and control no-go reasons, told when raised and when cleared. */
export function notifyNoGoChanges(state: AppState, notifier: Notifier): () => void {
  return state.onNoGoChange((code, reason) => {
    const n = notificationFromNoGo(code, reason, state.now());
    if (n) notifier.notify(n);
  });
}
