import { useState } from 'react';
import { LIVE_CONFIRMATION_PHRASE } from '@aurora/contracts';
import { Modal } from '../ui/Modal';
import { Button } from '../ui/Button';
import { ErrorState } from '../ui/data-states';

interface LiveModeDialogProps {
  busy: boolean;
  serverError: string | null;
  onConfirm: (phrase: string) => void;
  onClose: () => void;
}

/**
 * Switching to Live spends real money: the operator must type the phrase exactly. A wrong
 * phrase is refused here and never sent; the server checks it again (and AURORA_LIVE_ENABLED).
 */
export function LiveModeDialog({ busy, serverError, onConfirm, onClose }: LiveModeDialogProps) {
  const [phrase, setPhrase] = useState('');
  const [refused, setRefused] = useState(false);

  const submit = () => {
    if (phrase !== LIVE_CONFIRMATION_PHRASE) {
      setRefused(true);
      return;
    }
    setRefused(false);
    onConfirm(phrase);
  };

  return (
    <Modal
      title="Switch to LIVE trading"
      testId="live-dialog"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} data-testid="live-dialog-cancel">
            Stay in Demo
          </Button>
          <Button
            tone="danger"
            disabled={busy || phrase.length === 0}
            onClick={submit}
            data-testid="live-dialog-confirm"
          >
            {busy ? 'Sending…' : 'Switch to LIVE'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3 text-sm">
        <p>
          In <strong className="text-down">LIVE</strong> mode the bot places real orders on Binance with real
          money. Type the phrase below exactly to confirm.
        </p>
        <p
          className="rounded border border-edge bg-bg px-2 py-1.5 text-center font-mono text-xs select-all"
          data-testid="live-dialog-phrase"
        >
          {LIVE_CONFIRMATION_PHRASE}
        </p>
        <input
          data-testid="live-dialog-input"
          aria-label="Confirmation phrase"
          autoComplete="off"
          spellCheck={false}
          value={phrase}
          onChange={(e) => {
            setPhrase(e.target.value);
            setRefused(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') submit();
          }}
          className="font-mono"
        />
        {refused ? (
          <p role="alert" data-testid="live-dialog-refused" className="text-xs font-medium text-down">
            The phrase does not match. Live trading was not enabled.
          </p>
        ) : null}
        {serverError ? <ErrorState message={`The bot refused to switch to Live: ${serverError}`} /> : null}
      </div>
    </Modal>
  );
}
