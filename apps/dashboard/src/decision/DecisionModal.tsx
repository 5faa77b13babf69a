import type { DecisionEnvelope } from '@aurora/contracts';
import { useDecision } from '../api/queries';
import { describeError } from '../api/api-errors';
import { Modal } from '../ui/Modal';
import { ErrorState } from '../ui/data-states';
import { DecisionEnvelopeView } from './DecisionEnvelopeView';

/**
 * Opens one decision. The envelope already in hand (from the snapshot or a list page) shows at
 * once; GET /decisions/:id then supplies the stored copy.
 */
export function DecisionModal({ decision, onClose }: { decision: DecisionEnvelope; onClose: () => void }) {
  const query = useDecision(decision.id);
  return (
    <Modal
      title={`Decision · ${decision.proposal.symbol} ${decision.proposal.side}`}
      testId="decision-modal"
      wide
      onClose={onClose}
    >
      {query.isError ? (
        <div className="mb-3">
          <ErrorState
            message={`Stored copy unavailable: ${describeError(query.error)}`}
            onRetry={() => void query.refetch()}
          />
        </div>
      ) : null}
      <DecisionEnvelopeView decision={query.data?.decision ?? decision} />
    </Modal>
  );
}
