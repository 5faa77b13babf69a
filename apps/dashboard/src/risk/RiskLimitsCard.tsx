import { SlidersHorizontal } from 'lucide-react';
import { ConfigForm } from '../settings/ConfigForm';
import { Card } from '../ui/Card';

/** The risk section of the runtime config, editable in place (PATCH /config). */
export function RiskLimitsCard() {
  return (
    <Card title="Risk limits" icon={<SlidersHorizontal size={14} />} testId="card-risk-limits">
      <ConfigForm sections={['risk']} testId="risk-limits-form" />
    </Card>
  );
}
