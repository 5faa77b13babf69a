import { useState } from 'react';
import { AggregatePositionsPanel } from './AggregatePositionsPanel';
import { ClosedPositionsTable } from './ClosedPositionsTable';
import { PositionDetailsModal } from './PositionDetailsModal';
import { PositionManagementGrid } from './PositionManagementGrid';

export function PositionsPage() {
  const [detailsId, setDetailsId] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-3">
      <AggregatePositionsPanel />
      <PositionManagementGrid onDetails={setDetailsId} />
      <ClosedPositionsTable onDetails={setDetailsId} />
      {detailsId ? <PositionDetailsModal id={detailsId} onClose={() => setDetailsId(null)} /> : null}
    </div>
  );
}
