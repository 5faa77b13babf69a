/**
 * Takes secrets out of any text that leaves the process as a notification or a log line: the
 * exact values we know (API token, exchange keys, the Telegram token, webhook URLs, read on each
 * call because webhooks change with the runtime config) and the shapes we can recognise without
 * knowing them (a Telegram bot path, a signed query string). The first defence is never putting
 * a secret in a message; this is the second.
 */
export class SecretScrubber {
  constructor(private readonly secrets: () => Iterable<string | undefined | null>) {}

  scrub(text: string): string {
    // Longest first, so a URL that contains a token is replaced whole.
    const known = [...new Set([...this.secrets()].filter((s): s is string => typeof s === 'string' && s.length >= 6))].sort(
      (a, b) => b.length - a.length,
    );
    let out = text;
    for (const s of known) out = out.split(s).join('[redacted]');
    return out
      .replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot[redacted]')
      .replace(/\b(signature|apiKey|api_key|token|secret)=[^&\s"']+/gi, '$1=[redacted]');
  }
}
