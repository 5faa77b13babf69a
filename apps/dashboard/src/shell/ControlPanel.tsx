import { useState } from 'react';
import { FlaskConical, Pause, Play, Power, Radio, RotateCcw } from 'lucide-react';
import { useAccountModeSwitch, useControl, useResetBreaker, type ControlVerb } from '../api/mutations';
import { describeError } from '../api/api-errors';
import { useTruthState } from '../live/live-context';
import { useToasts } from '../toasts/toast-store';
import { Button } from '../ui/Button';
import { ConfirmDialog } from './ConfirmDialog';
import { LiveModeDialog } from './LiveModeDialog';

type Dialog = 'kill' | 'reset-breaker' | 'live' | 'demo' | null;

const TRIP_TEXT = {
  MAX_DAILY_LOSS: 'the daily loss limit',
  MAX_CONSECUTIVE_LOSSES: 'the consecutive-loss limit',
} as const;

/**
 * Pause, resume, kill (confirmed), reset breaker (confirmed) and Demo ↔ Live (typed
 * confirmation). Resume lifts a pause, a kill and the dead-man switch; an automatic breaker trip
 * only goes by its own reset.
 */
export function ControlPanel() {
  const { state } = useTruthState();
  const control = useControl();
  const accountMode = useAccountModeSwitch();
  const resetBreaker = useResetBreaker();
  const toasts = useToasts();
  const [dialog, setDialog] = useState<Dialog>(null);

  const send = (verb: ControlVerb, reason?: string) =>
    control.mutate(
      { verb, reason },
      {
        onSuccess: () => setDialog(null),
        onError: (error) => {
          if (verb !== 'kill')
            toasts.push({ tone: 'danger', title: `Could not ${verb}`, message: describeError(error) });
        },
      },
    );

  const openDialog = (next: Dialog) => {
    control.reset();
    accountMode.reset();
    resetBreaker.reset();
    setDialog(next);
  };

  if (!state) return null;
  const mode = state.trading_mode;
  const busy = control.isPending || accountMode.isPending || resetBreaker.isPending;
  const trip = state.risk.circuit_breaker.automatic_reason;

  return (
    <div data-testid="control-panel" className="flex items-center gap-1.5">
      <Button
        tone="warn"
        data-testid="control-pause"
        disabled={busy || mode !== 'RUNNING'}
        onClick={() => send('pause')}
      >
        <Pause size={13} /> Pause
      </Button>
      <Button
        tone="up"
        data-testid="control-resume"
        disabled={busy || mode === 'RUNNING'}
        onClick={() => send('resume')}
      >
        <Play size={13} /> Resume
      </Button>
      <Button
        tone="danger"
        data-testid="control-kill"
        disabled={busy || mode === 'KILLED'}
        onClick={() => openDialog('kill')}
      >
        <Power size={13} /> Kill
      </Button>
      <Button
        tone="warn"
        data-testid="control-reset-breaker"
        aria-label="Reset breaker…"
        disabled={busy || trip === null}
        title={trip === null ? 'The circuit breaker has no automatic trip' : `Tripped by ${TRIP_TEXT[trip]}`}
        onClick={() => openDialog('reset-breaker')}
      >
        <RotateCcw size={13} />
        {/* The header holds eight pages and five controls: at 1280 px the short label keeps one line. */}
        <span className="hidden 2xl:inline">Reset breaker…</span>
        <span className="whitespace-nowrap 2xl:hidden">Reset…</span>
      </Button>
      <span className="mx-1 h-5 w-px bg-edge" />
      {state.account_mode === 'DEMO' ? (
        <Button
          tone="danger"
          data-testid="control-go-live"
          aria-label="Go Live…"
          disabled={busy}
          onClick={() => openDialog('live')}
        >
          <Radio size={13} />
          <span className="hidden 2xl:inline">Go Live…</span>
          <span className="whitespace-nowrap 2xl:hidden">Live…</span>
        </Button>
      ) : (
        <Button
          tone="primary"
          data-testid="control-go-demo"
          disabled={busy}
          onClick={() => openDialog('demo')}
        >
          <FlaskConical size={13} /> Back to Demo
        </Button>
      )}

      {dialog === 'kill' ? (
        <ConfirmDialog
          title="Kill trading"
          testId="kill-dialog"
          confirmLabel="Kill trading"
          busy={control.isPending}
          error={control.error ? describeError(control.error) : null}
          withReason
          onConfirm={(reason) => send('kill', reason || undefined)}
          onClose={() => setDialog(null)}
        >
          <p>
            Stops all new entries at once and trips the circuit breaker. Open positions stay as they are;
            close them from the Positions page. Resuming needs an explicit Resume.
          </p>
        </ConfirmDialog>
      ) : null}

      {dialog === 'reset-breaker' && trip !== null ? (
        <ConfirmDialog
          title="Reset the circuit breaker"
          testId="reset-breaker-dialog"
          confirmLabel="Reset breaker"
          tone="warn"
          busy={resetBreaker.isPending}
          error={resetBreaker.error ? describeError(resetBreaker.error) : null}
          withReason
          onConfirm={(reason) =>
            resetBreaker.mutate(reason ? { reason } : {}, { onSuccess: () => setDialog(null) })
          }
          onClose={() => setDialog(null)}
        >
          <p>
            The breaker was tripped by {TRIP_TEXT[trip]}. Resetting it skips the cool-down and the reduced
            half-open trial trade, and forgives the losing streak. Today&apos;s loss limit still applies to
            new entries. Resume does not do this.
          </p>
        </ConfirmDialog>
      ) : null}

      {dialog === 'live' ? (
        <LiveModeDialog
          busy={accountMode.isPending}
          serverError={accountMode.error ? describeError(accountMode.error) : null}
          onConfirm={(phrase) =>
            accountMode.mutate({ mode: 'LIVE', confirm: phrase }, { onSuccess: () => setDialog(null) })
          }
          onClose={() => setDialog(null)}
        />
      ) : null}

      {dialog === 'demo' ? (
        <ConfirmDialog
          title="Switch back to Demo"
          testId="demo-dialog"
          confirmLabel="Switch to Demo"
          tone="primary"
          busy={accountMode.isPending}
          error={accountMode.error ? describeError(accountMode.error) : null}
          onConfirm={() => accountMode.mutate({ mode: 'DEMO' }, { onSuccess: () => setDialog(null) })}
          onClose={() => setDialog(null)}
        >
          <p>New orders will go to the Demo venue. Live positions already open are not moved.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
