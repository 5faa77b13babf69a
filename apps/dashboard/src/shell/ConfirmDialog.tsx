import { useState, type ReactNode } from 'react';
import { Modal } from '../ui/Modal';
import { Button } from '../ui/Button';
import { ErrorState } from '../ui/data-states';

interface ConfirmDialogProps {
  title: string;
  testId: string;
  confirmLabel: string;
  tone?: 'danger' | 'warn' | 'primary';
  busy: boolean;
  error: string | null;
  /** Ask for an optional free-text reason, stored with the control action. */
  withReason?: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
  children: ReactNode;
}

export function ConfirmDialog({
  title,
  testId,
  confirmLabel,
  tone = 'danger',
  busy,
  error,
  withReason = false,
  onConfirm,
  onClose,
  children,
}: ConfirmDialogProps) {
  const [reason, setReason] = useState('');
  return (
    <Modal
      title={title}
      testId={testId}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} data-testid={`${testId}-cancel`}>
            Cancel
          </Button>
          <Button
            tone={tone}
            disabled={busy}
            onClick={() => onConfirm(reason.trim())}
            data-testid={`${testId}-confirm`}
          >
            {busy ? 'Sending…' : confirmLabel}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3 text-sm">
        {children}
        {withReason ? (
          <label className="flex flex-col gap-1 text-xs text-muted">
            Reason (recorded in the action log)
            <input
              data-testid={`${testId}-reason`}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
        ) : null}
        {error ? <ErrorState message={error} /> : null}
      </div>
    </Modal>
  );
}
