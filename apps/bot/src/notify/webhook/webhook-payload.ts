import type { WebhookTarget } from '@aurora/contracts';
import type { Notification } from '../notification';

/** Discord embed colours by kind: red for what blocks trading, green/grey for trades and news. */
const DISCORD_COLOUR: Record<Notification['kind'], number> = {
  ENTRY: 0x2e7d32,
  EXIT: 0x1565c0,
  BREAKER: 0xc62828,
  DEAD_MAN: 0xc62828,
  DRIFT: 0xef6c00,
  AUDIT: 0xc62828,
  VENUE: 0xef6c00,
  CONTROL: 0x6a1b9a,
  ERROR: 0xc62828,
  ANOMALY: 0xef6c00,
  DAILY_SUMMARY: 0x546e7a,
};

// Discord refuses an embed description over 4096 characters; Slack truncates a section at 3000.
const DISCORD_MAX = 4_000;
const SLACK_MAX = 2_900;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The request body for one notification in the webhook's format. */
export function webhookBody(format: WebhookTarget['format'], n: Notification): unknown {
  const iso = new Date(n.at).toISOString();
  switch (format) {
    case 'json':
      return { source: 'aurora-spot-nexus', kind: n.kind, title: n.title, text: n.text, at: n.at, at_iso: iso, data: n.data };
    case 'discord':
      return {
        username: 'Aurora Spot Nexus',
        embeds: [{ title: cut(n.title, 250), description: cut(n.text || n.title, DISCORD_MAX), timestamp: iso, color: DISCORD_COLOUR[n.kind], footer: { text: n.kind } }],
      };
    case 'slack': {
      const text = cut(n.text ? `*${n.title}*\n${n.text}` : `*${n.title}*`, SLACK_MAX);
      return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, { type: 'context', elements: [{ type: 'mrkdwn', text: `${n.kind} · ${iso}` }] }] };
    }
  }
}
