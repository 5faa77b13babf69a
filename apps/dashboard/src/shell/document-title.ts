import { useEffect } from 'react';
import { useTruthState } from '../live/live-context';

/** The tab title carries the modes, so a paused, killed or LIVE bot is visible from any tab. */
export function useDocumentTitle(): void {
  const { state, connected } = useTruthState();
  const title = !state
    ? 'Aurora Spot Nexus'
    : `${connected ? '' : '⚠ '}${state.account_mode === 'LIVE' ? 'LIVE · ' : ''}${state.trading_mode} · Aurora Spot Nexus`;
  useEffect(() => {
    document.title = title;
  }, [title]);
}
