import type { WsHub } from '../api/routes/ws';
import type { AppState } from '../state/app-state';
import { notificationFromError, notificationFromEvent, notificationFromNoGo } from './notification';
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

/**
 * Breaker, dead-man, venue, audit and control no-go reasons, told when raised and when cleared;
 * and every new error row (venue trouble among them).
 */
export function notifyStateChanges(state: AppState, notifier: Notifier): () => void {
  const offNoGo = state.onNoGoChange((code, reason) => {
    const n = notificationFromNoGo(code, reason, state.now());
    if (n) notifier.notify(n);
  });
  const offError = state.onNewError((e) => {
    const n = notificationFromError(e);
    // While the venue is known to be down, its errors are the same news as the VENUE_DOWN message.
    if (n.kind === 'VENUE' && state.hasNoGo('VENUE_DOWN')) return;
    notifier.notify(n);
  });
  return () => {
    offNoGo();
    offError();
  };
}
