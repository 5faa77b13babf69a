import { useState } from 'react';
import { DecimalString, type PositionDto } from '@aurora/contracts';
import { useClosePosition } from '../api/mutations';
import { describeError } from '../api/api-errors';
import { Modal } from '../ui/Modal';
import { Button } from '../ui/Button';
import { ErrorState } from '../ui/data-states';
import { Dec } from '../ui/figures';

/** Close all (default) or part of a position, after the operator confirms. */
export function ClosePositionDialog({ position, onClose }: { position: PositionDto; onClose: () => void }) {
  const close = useClosePosition();
  const [quantity, setQuantity] = useState('');
  const trimmed = quantity.trim();
  const quantityValid = trimmed === '' || DecimalString.safeParse(trimmed).success;

  return (
    <Modal
      title={`Close ${position.symbol} position`}
      testId="close-dialog"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} data-testid="close-dialog-cancel">
            Keep open
          </Button>
          <Button
            tone="danger"
            data-testid="close-dialog-confirm"
            disabled={close.isPending || !quantityValid}
            onClick={() =>
              close.mutate(
                { id: position.id, quantity: trimmed || undefined },
                { onSuccess: () => onClose() },
              )
            }
          >
            {close.isPending ? 'Sending…' : trimmed ? 'Close part' : 'Close all'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3 text-sm">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
          <dt className="text-muted">Open quantity</dt>
          <dd>
            <Dec value={position.open_qty} testId="close-dialog-open-qty" />
          </dd>
          <dt className="text-muted">Average entry</dt>
          <dd>
            <Dec value={position.avg_entry_price} />
          </dd>
          <dt className="text-muted">Mark price</dt>
          <dd>
            <Dec value={position.mark_price} />
          </dd>
          <dt className="text-muted">Unrealized PnL</dt>
          <dd>
            <Dec value={position.unrealized_pnl} dp={2} signed colored />
          </dd>
        </dl>
        <p className="text-xs text-muted">
          The bot sends the exit order through its execution engine, like any other order. Leave the quantity
          empty to close everything.
        </p>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Quantity to close (optional)
          <input
            data-testid="close-dialog-quantity"
            inputMode="decimal"
            placeholder="all"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        </label>
        {!quantityValid ? (
          <p className="text-xs text-down" role="alert">
            Enter a decimal number such as "0.5", or leave it empty.
          </p>
        ) : null}
        {close.error ? <ErrorState message={describeError(close.error)} /> : null}
      </div>
    </Modal>
  );
}
