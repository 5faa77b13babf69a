import { useState } from 'react';
import { FlaskConical, Pause, Play, Power, Radio } from 'lucide-react';
import { useAccountModeSwitch, useControl, type ControlVerb } from '../api/mutations';
import { describeError } from '../api/api-errors';
import { useTruthState } from '../live/live-context';
import { useToasts } from '../toasts/toast-store';
import { Button } from '../ui/Button';
import { ConfirmDialog } from './ConfirmDialog';
import { LiveModeDialog } from './LiveModeDialog';

type Dialog = 'kill' | 'live' | 'demo' | null;

/** Pause, resume, kill (confirmed) and Demo ↔ Live (typed confirmation). */
export function ControlPanel() {
  const { state } = useTruthState();
  const control = useControl();
  const accountMode = useAccountModeSwitch();
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
    setDialog(next);
  };

  if (!state) return null;
  const mode = state.trading_mode;
  const busy = control.isPending || accountMode.isPending;

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
      <span className="mx-1 h-5 w-px bg-edge" />
      {state.account_mode === 'DEMO' ? (
        <Button
          tone="danger"
          data-testid="control-go-live"
          disabled={busy}
          onClick={() => openDialog('live')}
        >
          <Radio size={13} /> Go Live…
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
