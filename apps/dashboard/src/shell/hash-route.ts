import { useEffect, useState } from 'react';

export const ROUTES = ['overview', 'positions', 'risk', 'history', 'decisions', 'backtests', 'research', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_LABEL: Record<Route, string> = {
  overview: 'Overview',
  positions: 'Positions',
  risk: 'Risk',
  history: 'Orders & Trades',
  decisions: 'Decisions',
  backtests: 'Backtests',
  research: 'Research',
  settings: 'Settings',
};

/** `#/risk` → 'risk'. Hash routes work however the bot serves the files (no server fallback needed). */
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?&]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'overview';
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
