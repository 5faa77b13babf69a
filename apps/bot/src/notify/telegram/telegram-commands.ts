import { InlineKeyboard, type Bot, type Context } from 'grammy';
import type { BotContext } from '../../runtime/bot-context';
import { pnlText, positionsText, statusText } from '../status-text';
import { KillConfirmations } from './kill-confirmation';

export const TELEGRAM_COMMANDS = [
  { command: 'status', description: 'Modes, no-go reason, breaker, equity' },
  { command: 'positions', description: 'Open positions' },
  { command: 'pnl', description: "Today's PnL and limits" },
  { command: 'pause', description: 'Pause new entries (exits keep running)' },
  { command: 'resume', description: 'Resume trading' },
  { command: 'kill', description: 'KILL: block entries, cancel entry orders (asks to confirm)' },
  { command: 'reconcile', description: 'Reconcile with the venue now' },
  { command: 'help', description: 'This list' },
] as const;

const HELP = [
  'Aurora Spot Nexus',
  ...TELEGRAM_COMMANDS.map((c) => `/${c.command} — ${c.description}`),
  'Positions are never closed from here; KILL and pause stop new entries only.',
].join('\n');

type Ctx = Pick<BotContext, 'snapshot' | 'trading' | 'control'>;

const chatOf = (c: Context) => String(c.chat?.id ?? '');

/**
 * The operator's commands. Pause, resume and kill go through the ControlService the HTTP API
 * uses, with the source `telegram:<chat id>`, so the control log shows who acted from where.
 */
export function registerTelegramCommands(bot: Bot, ctx: Ctx, clock: { now(): number }, describe: (err: unknown) => string): void {
  const kills = new KillConfirmations(clock);

  bot.command(['help', 'start'], (c) => c.reply(HELP));
  bot.command('status', (c) => c.reply(statusText(ctx)));
  bot.command('positions', (c) => c.reply(positionsText(ctx)));
  bot.command('pnl', (c) => c.reply(pnlText(ctx)));
  bot.command('pause', async (c) => {
    ctx.control.pause(`telegram:${chatOf(c)}`, c.match.slice(0, 200) || 'via Telegram');
    await c.reply('Paused: no new entries. Exits keep running. /resume to trade again.');
  });
  bot.command('resume', async (c) => {
    ctx.control.resume(`telegram:${chatOf(c)}`, c.match.slice(0, 200) || 'via Telegram');
    await c.reply(`Resumed. ${statusText(ctx).split('\n')[2] ?? ''}`);
  });
  bot.command('kill', async (c) => {
    const chat = chatOf(c);
    if (c.match.trim().toLowerCase() === 'confirm') {
      if (!kills.take(chat)) {
        await c.reply('No /kill waiting for confirmation (or it expired after 60 s). Send /kill first.');
        return;
      }
      await kill(c, chat);
      return;
    }
    const nonce = kills.arm(chat);
    await c.reply('KILL blocks all new entries and cancels working entry orders. Open positions stay and exits keep running. Confirm within 60 s.', {
      reply_markup: new InlineKeyboard().text('Confirm KILL', `kill:${nonce}`).text('Cancel', `kill-cancel:${nonce}`),
    });
  });
  bot.callbackQuery(/^kill:([0-9a-f]+)$/, async (c) => {
    const chat = chatOf(c);
    if (!kills.take(chat, c.match[1])) {
      await c.answerCallbackQuery({ text: 'Expired or already used: send /kill again.' });
      return;
    }
    await c.answerCallbackQuery({ text: 'Killing…' });
    await kill(c, chat, true);
  });
  bot.callbackQuery(/^kill-cancel:/, async (c) => {
    kills.cancel(chatOf(c));
    await c.answerCallbackQuery({ text: 'Cancelled' });
    await c.editMessageText('KILL cancelled.');
  });
  bot.command('reconcile', async (c) => {
    try {
      const r = await ctx.trading.reconcile('MANUAL');
      const drift = r.drift.length === 0 ? 'no drift' : `${r.drift.length} drift item(s): ${r.drift.map((d) => d.kind).join(', ')}`;
      await c.reply(`Reconcile ${r.ok ? 'done' : 'FAILED'}: ${drift}${r.error ? ` (${r.error})` : ''}`);
    } catch (err) {
      await c.reply(`Reconcile refused: ${describe(err)}`);
    }
  });
  bot.on('message:text', async (c) => {
    if (c.message.text.startsWith('/')) await c.reply('Unknown command. /help lists them.');
  });

  async function kill(c: Context, chat: string, edit = false): Promise<void> {
    const action = await ctx.control.kill(`telegram:${chat}`, 'via Telegram');
    const text = `KILLED (was ${action.before}). Entries blocked, entry orders cancelled; exits keep running. /resume to trade again.`;
    if (edit) await c.editMessageText(text);
    else await c.reply(text);
  }
}
