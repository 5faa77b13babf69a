import { useState } from 'react';
import type { ResearchRunSummary, ResearchTrial } from '@aurora/contracts';
import { describeError } from '../api/api-errors';
import { useTruthState } from '../live/live-context';
import { useToasts } from '../toasts/toast-store';
import { Button } from '../ui/Button';
import { ErrorState } from '../ui/data-states';
import { Modal } from '../ui/Modal';
import { confirmationMatches, paramsLine } from './research-model';
import { useApplyTrial } from './research-queries';

/**
 * "Use in Demo": the trial's parameters become the strategy of the chosen symbols in the Demo
 * configuration. The bot validates them with the strategy's schema and refuses in Live; the
 * strategy's name, typed, confirms that the user knows what changes.
 */
export function ApplyTrialDialog({
  run,
  trial,
  onClose,
}: {
  run: ResearchRunSummary;
  trial: ResearchTrial;
  onClose: () => void;
}) {
  const apply = useApplyTrial(run.id);
  const toasts = useToasts();
  const { state } = useTruthState();
  const [symbols, setSymbols] = useState<string[]>(run.symbols);
  const [typed, setTyped] = useState('');
  const live = state?.account_mode === 'LIVE';
  const ready = confirmationMatches(typed, run.strategy) && symbols.length > 0 && !live;
  // Kept in the run's order whatever order they are ticked in.
  const toggle = (s: string) =>
    setSymbols((cur) => run.symbols.filter((x) => (x === s ? !cur.includes(s) : cur.includes(x))));

  return (
    <Modal
      title={`Use trial #${trial.n} in Demo`}
      testId="apply-dialog"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} data-testid="apply-dialog-cancel">
            Cancel
          </Button>
          <Button
            tone="warn"
            disabled={!ready || apply.isPending}
            data-testid="apply-dialog-confirm"
            onClick={() =>
              apply.mutate(
                { n: trial.n, body: { symbols, confirm: typed.trim() } },
                {
                  onSuccess: (data) => {
                    toasts.push({
                      tone: 'success',
                      title: 'Parameters applied to Demo',
                      message: `${data.applied.strategy} on ${data.applied.symbols.join(', ')} now trades with trial #${trial.n}'s parameters (state ${data.truth.state_version}).`,
                    });
                    onClose();
                  },
                },
              )
            }
          >
            {apply.isPending ? 'Applying…' : 'Apply to Demo'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3 text-sm">
        {live ? (
          <ErrorState message="The bot is in Live mode. Research parameters are applied to Demo only; switch to Demo first, or change the Live strategy in Settings." />
        ) : null}
        <p className="text-xs text-muted">
          The Demo configuration's strategy for the symbols below becomes{' '}
          <span className="font-semibold text-fg">{run.strategy}</span> with these parameters. The bot checks
          them against the strategy's schema, saves the configuration and records the change in the action
          log. Live is never changed from here.
        </p>
        <div
          className="rounded border border-edge bg-raised px-2 py-1.5 font-mono text-xs"
          data-testid="apply-params"
        >
          {paramsLine(trial.params)}
        </div>
        <fieldset className="flex flex-wrap gap-3 text-xs">
          <legend className="mb-1 text-muted">Symbols</legend>
          {run.symbols.map((s) => (
            <label key={s} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={symbols.includes(s)}
                onChange={() => toggle(s)}
                data-testid={`apply-symbol-${s}`}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <label className="flex flex-col gap-1 text-xs text-muted">
          <span>
            Type <span className="font-mono font-semibold text-fg">{run.strategy}</span> to confirm
          </span>
          <input
            data-testid="apply-confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoFocus
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        {apply.isError ? <ErrorState message={describeError(apply.error)} /> : null}
      </div>
    </Modal>
  );
}
