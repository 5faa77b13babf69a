import { useCallback, useMemo, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiClient } from './api/api-client';
import { ApiContext } from './api/api-context';
import { ApiRequestError } from './api/api-errors';
import { adoptTokenFromLocation, forgetToken, storeToken } from './auth/session-token';
import { TokenScreen } from './auth/TokenScreen';
import { TruthProvider } from './live/TruthProvider';
import { Shell } from './shell/Shell';
import { ToastProvider } from './toasts/ToastProvider';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not heal by asking again; a network blip may.
        retry: (count, error) => !(error instanceof ApiRequestError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 2_000,
      },
      mutations: { retry: false },
    },
  });
}

export function App() {
  const [token, setToken] = useState<string | null>(() =>
    adoptTokenFromLocation(window.sessionStorage, window.location, window.history),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useMemo(createQueryClient, [token]);

  const signOut = useCallback((reason: string | null) => {
    forgetToken(window.sessionStorage);
    setNotice(reason);
    setToken(null);
  }, []);

  const api = useMemo(
    () => (token ? new ApiClient(token, () => signOut('The bot refused the token; enter it again.')) : null),
    [token, signOut],
  );

  if (!token || !api) {
    return (
      <TokenScreen
        notice={notice}
        onToken={(t) => {
          storeToken(window.sessionStorage, t);
          setNotice(null);
          setToken(t);
        }}
      />
    );
  }

  return (
    <QueryClientProvider client={queryClient}>
      <ApiContext.Provider value={api}>
        <ToastProvider>
          <TruthProvider
            token={token}
            onUnauthorized={() => signOut('The live feed refused the token; enter it again.')}
          >
            <Shell onSignOut={() => signOut(null)} />
          </TruthProvider>
        </ToastProvider>
      </ApiContext.Provider>
    </QueryClientProvider>
  );
}
