import { Settings2 } from 'lucide-react';
import { Card } from '../ui/Card';
import { ConfigForm } from './ConfigForm';
import { NotificationsCard } from './NotificationsCard';

export function SettingsPage() {
  return (
    <div className="flex flex-col gap-4">
      <Card title="Runtime configuration" icon={<Settings2 size={14} />} testId="card-settings">
        <p className="mb-4 text-xs text-muted">
          Generated from the bot's config schema. Changes are validated here and again by the bot; trading and
          account mode change only from the control panel.
        </p>
        <ConfigForm testId="settings-form" />
      </Card>
      <NotificationsCard />
    </div>
  );
}
