import type { ControlAction } from '@aurora/contracts';
import { Timestamp } from '../ui/figures';

/** Operator and automatic control actions: who changed what, from which state to which. */
export function ControlActionsTable({ actions }: { actions: ControlAction[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="data" data-testid="control-actions-table">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Action</th>
            <th>Source</th>
            <th>Before → After</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id} data-testid={`action-row-${a.id}`}>
              <td>
                <Timestamp ms={a.at} full />
              </td>
              <td className="font-medium">{a.action}</td>
              <td className="text-muted">{a.source}</td>
              <td>
                {a.before} <span className="text-muted">→</span> {a.after}
              </td>
              <td className="max-w-md truncate text-muted" title={a.detail ?? undefined}>
                {a.detail ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
