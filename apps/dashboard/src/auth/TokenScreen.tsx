import { useState, type FormEvent } from 'react';
import { KeyRound, ShieldCheck } from 'lucide-react';
import { StateResponse } from '@aurora/contracts';
import { ApiClient } from '../api/api-client';
import { ApiUnauthorizedError, describeError } from '../api/api-errors';

interface TokenScreenProps {
  notice: string | null;
  onToken: (token: string) => void;
}

/** Asks for the API token and checks it against the bot before entering the dashboard. */
export function TokenScreen({ notice, onToken }: TokenScreenProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(notice);
  const [checking, setChecking] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Enter the API token the bot printed at start-up (AURORA_API_TOKEN).');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await new ApiClient(candidate).get('/state', StateResponse);
      onToken(candidate);
    } catch (err) {
      setError(err instanceof ApiUnauthorizedError ? 'The bot refused this token.' : describeError(err));
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="flex min-h-screen items-center justify-center bg-bg p-6">
      <form
        onSubmit={submit}
        data-testid="token-screen"
        className="w-full max-w-sm rounded-lg border border-edge bg-panel p-6 shadow-2xl"
      >
        <div className="mb-5 flex items-center gap-2">
          <ShieldCheck className="text-accent" size={22} />
          <div>
            <h1 className="text-base font-semibold">Aurora Spot Nexus</h1>
            <p className="text-xs text-muted">Operator dashboard</p>
          </div>
        </div>
        <label htmlFor="token" className="mb-1 block text-xs font-medium text-muted">
          API token
        </label>
        <div className="flex items-center gap-2">
          <KeyRound size={16} className="text-muted" />
          <input
            id="token"
            data-testid="token-input"
            type="password"
            autoComplete="off"
            autoFocus
            value={token}
            onChange={(e) => setToken(e.target.value)}
            className="min-w-0 flex-1 py-1.5"
          />
        </div>
        <p className="mt-2 text-xs text-muted">
          Kept in this tab only (session storage), never in the address bar.
        </p>
        {error ? (
          <p role="alert" data-testid="token-error" className="mt-3 text-xs text-down">
            {error}
          </p>
        ) : null}
        <button
          type="submit"
          data-testid="token-submit"
          disabled={checking}
          className="mt-4 w-full rounded border border-accent/60 bg-accent/20 py-1.5 text-sm font-medium text-accent hover:bg-accent/30 disabled:opacity-50"
        >
          {checking ? 'Checking…' : 'Connect'}
        </button>
      </form>
    </div>
  );
}
