import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationsResponse } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import { freshDataDir, presetQuietConfig, removeDir } from '../../integration/data-dir';
import { getPositions, getState, waitReady } from '../../integration/exchange-truth';
import { startSimVenue, type SimVenue } from '../../integration/sim-venue';
import { waitFor } from '../../integration/wait-for';
import { startTestBot, type TestBot } from '../../testing/bot-harness';
import { FakeTelegramApi, type TelegramCall } from '../../testing/fake-telegram-api';

/*
 * Issue 14 item 3: the Telegram channel against a local Bot API server. grammY runs unmodified;
 * the test queues updates in the fake getUpdates and reads what the bot sent back.
 */

const BOT_TOKEN = '123456789:AAH-test-token-abcdefghijklmnopqrstu';
const OPERATOR = 5551234;
const STRANGER = 9999999;

let venue: SimVenue;
let telegram: FakeTelegramApi;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue();
  telegram = await FakeTelegramApi.start();
  dir = freshDataDir();
  presetQuietConfig(dir);
  bot = await startTestBot(
    { ...venue.env, AURORA_TELEGRAM_BOT_TOKEN: BOT_TOKEN, AURORA_TELEGRAM_CHAT_IDS: `${OPERATOR}`, AURORA_TELEGRAM_API_ROOT: telegram.url },
    dir,
  );
  await waitReady(bot.api);
  await telegram.waitForCall('getUpdates');
});

afterAll(async () => {
  await bot?.close();
  await telegram?.close();
  await venue?.close();
  if (dir) removeDir(dir);
});

const textOf = (c: TelegramCall) => String(c.body.text ?? '');
/** The next sendMessage to `chat` after `from` calls whose text matches. */
const reply = (chat: number, match: RegExp, from = 0) =>
  telegram.waitForCall('sendMessage', (c) => telegram.calls.indexOf(c) >= from && Number(c.body.chat_id) === chat && match.test(textOf(c)));
const notifications = async () => NotificationsResponse.parse(await (await bot.api('/api/v1/notifications')).json());

describe('Telegram commands and notifications', () => {
  it('polls with the configured token and registers its command list', async () => {
    expect(telegram.callsOf('getMe')[0]?.token).toBe(BOT_TOKEN);
    const cmds = await telegram.waitForCall('setMyCommands');
    expect((cmds.body.commands as { command: string }[]).map((c) => c.command)).toEqual(['status', 'positions', 'pnl', 'pause', 'resume', 'kill', 'reconcile', 'help']);
  });

  it('answers /help and /status in a configured chat', async () => {
    const from = telegram.calls.length;
    telegram.sendText(OPERATOR, '/help');
    expect(textOf(await reply(OPERATOR, /\/kill/, from))).toContain('/reconcile');
    telegram.sendText(OPERATOR, '/status');
    const status = textOf(await reply(OPERATOR, /^Trading:/, from));
    expect(status).toContain('Trading: RUNNING');
    expect(status).toContain('Ready: yes');
  });

  it('ignores a chat that is not configured, counts it, and never answers it', async () => {
    const before = (await notifications()).telegram.ignored_updates;
    telegram.sendText(STRANGER, '/status');
    telegram.sendText(STRANGER, '/kill confirm');
    await waitFor(async () => (await notifications()).telegram.ignored_updates === before + 2, { what: 'two ignored updates' });
    // A later command from the operator is answered, so the stranger's were processed (and dropped) before it.
    const from = telegram.calls.length;
    telegram.sendText(OPERATOR, '/status');
    await reply(OPERATOR, /^Trading:/, from);
    expect(telegram.callsOf('sendMessage').filter((c) => Number(c.body.chat_id) === STRANGER)).toEqual([]);
    expect((await getState(bot.api)).trading_mode).toBe('RUNNING');
  });

  it('/pause and /resume go through the control service (state, control log with the chat as source) and are notified', async () => {
    const from = telegram.calls.length;
    telegram.sendText(OPERATOR, '/pause lunch');
    await reply(OPERATOR, /^Paused: no new entries/, from);
    const paused = await getState(bot.api);
    expect(paused.trading_mode).toBe('PAUSED');
    expect(paused.control_actions[0]).toMatchObject({ action: 'pause', source: `telegram:${OPERATOR}`, after: 'PAUSED', detail: 'lunch' });
    // The no-go change is itself a notification (kind CONTROL) to the configured chat.
    await reply(OPERATOR, /^Trading paused\nPaused: lunch/, from);
    telegram.sendText(OPERATOR, '/resume');
    await reply(OPERATOR, /^Resumed/, from);
    expect((await getState(bot.api)).trading_mode).toBe('RUNNING');
  });

  it('/kill asks for a confirmation and kills only on the button', async () => {
    const from = telegram.calls.length;
    telegram.sendText(OPERATOR, '/kill');
    const ask = await reply(OPERATOR, /Confirm within 60 s/, from);
    expect((await getState(bot.api)).trading_mode).toBe('RUNNING');
    const buttons = (ask.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard[0]!;
    expect(buttons.map((b) => b.text)).toEqual(['Confirm KILL', 'Cancel']);
    const askId = ask.messageId!;
    // A forged button (wrong nonce) does nothing.
    telegram.tapButton(OPERATOR, askId, 'kill:000000000000');
    await telegram.waitForCall('answerCallbackQuery', (c) => /Expired or already used/.test(String(c.body.text)));
    expect((await getState(bot.api)).trading_mode).toBe('RUNNING');
    telegram.tapButton(OPERATOR, askId, buttons[0]!.callback_data);
    const edited = await telegram.waitForCall('editMessageText', (c) => /^KILLED/.test(textOf(c)));
    expect(Number(edited.body.chat_id)).toBe(OPERATOR);
    expect(Number(edited.body.message_id)).toBe(askId);
    const killed = await getState(bot.api);
    expect(killed.trading_mode).toBe('KILLED');
    expect(killed.control_actions[0]).toMatchObject({ action: 'kill', source: `telegram:${OPERATOR}` });
    // The same button again is spent.
    telegram.tapButton(OPERATOR, askId, buttons[0]!.callback_data);
    await telegram.waitForCall('answerCallbackQuery', (c) => telegram.calls.indexOf(c) > telegram.calls.indexOf(edited) && /Expired or already used/.test(String(c.body.text)));
    telegram.sendText(OPERATOR, '/resume');
    await reply(OPERATOR, /^Resumed/, from);
    expect((await getState(bot.api)).trading_mode).toBe('RUNNING');
  });

  it('refuses "/kill confirm" with no /kill waiting, and accepts it right after /kill', async () => {
    const from = telegram.calls.length;
    telegram.sendText(OPERATOR, '/kill confirm');
    await reply(OPERATOR, /^No \/kill waiting/, from);
    expect((await getState(bot.api)).trading_mode).toBe('RUNNING');
    telegram.sendText(OPERATOR, '/kill');
    await reply(OPERATOR, /Confirm within 60 s/, from);
    telegram.sendText(OPERATOR, '/kill confirm');
    await reply(OPERATOR, /^KILLED \(was RUNNING\)/, from);
    expect((await getState(bot.api)).trading_mode).toBe('KILLED');
    telegram.sendText(OPERATOR, '/resume');
    await reply(OPERATOR, /^Resumed/, from);
  });

  it('notifies the entry and the exit with its realized PnL; /positions and /pnl answer from the same books', async () => {
    const from = telegram.calls.length;
    const ask = new Dec((venue.sim.exchange.bookTicker('BTCUSDT') as unknown as { askPrice: string }).askPrice);
    const res = await bot.api('/api/v1/proposals', {
      method: 'POST',
      json: { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.01', stop_price: ask.mul('0.95').toDecimalPlaces(2).toFixed() },
    });
    expect(res.status).toBe(200);
    const open = await waitFor(async () => (await getPositions(bot.api)).find((p) => p.status === 'Open'), { what: 'the BTC position' });
    const entry = textOf(await reply(OPERATOR, /^Entry\n/, from));
    expect(entry).toContain(`BTCUSDT BUY ${open.filled_qty} @ ${open.avg_entry_price}`);
    telegram.sendText(OPERATOR, '/positions');
    expect(textOf(await reply(OPERATOR, /^Open positions \(1\)/, from))).toContain(`BTCUSDT BUY ${open.open_qty} @ ${open.avg_entry_price}`);

    const close = await bot.api(`/api/v1/positions/${open.id}/close`, { method: 'POST', json: {} });
    expect(close.status).toBe(200);
    const closed = await waitFor(async () => (await getPositions(bot.api)).find((p) => p.id === open.id && p.status === 'Closed'), { what: 'the closed position' });
    const exit = textOf(await reply(OPERATOR, /^Exit\n/, from));
    expect(exit).toContain(`BTCUSDT closed, realized PnL ${closed.realized_pnl} USDT`);
    telegram.sendText(OPERATOR, '/pnl');
    const pnl = textOf(await reply(OPERATOR, /^Trading day/, from));
    expect(pnl).toContain(`Realized today: ${(await getState(bot.api)).pnl_today.realized_today} USDT`);
    telegram.sendText(OPERATOR, '/positions');
    await reply(OPERATOR, /^No open positions\./, from);
    // One entry and one exit, though the fill arrived both in the placement answer and on the stream.
    const sent = telegram.calls.slice(from).filter((c) => c.method === 'sendMessage').map(textOf);
    expect(sent.filter((t) => t.startsWith('Entry\n'))).toHaveLength(1);
    expect(sent.filter((t) => t.startsWith('Exit\n'))).toHaveLength(1);
  });

  it('/reconcile runs a reconcile and says what it found', async () => {
    // The venue's user data trails its answers (realistic profile): "no drift" holds once the
    // stream has delivered the last fills' balances; before that the reconciler rightly reports them.
    await waitFor(
      async () => {
        const s = await getState(bot.api);
        const total = (asset: string) => {
          const b = s.balances.find((x) => x.asset === asset);
          return b ? new Dec(b.free).plus(b.locked).toFixed() : '0';
        };
        return ['USDT', 'BTC'].every((a) => total(a) === venue.balance(a)) ? s : undefined;
      },
      { what: 'the bot\'s balances caught up with the venue' },
    );
    const from = telegram.calls.length;
    telegram.sendText(OPERATOR, '/reconcile');
    expect(textOf(await reply(OPERATOR, /^Reconcile /, from))).toBe('Reconcile done: no drift');
    expect((await getState(bot.api)).last_reconcile?.trigger).toBe('MANUAL');
  });

  it('never writes the bot token into a log line', () => {
    expect(bot.logs.length).toBeGreaterThan(0);
    expect(bot.logs.join('\n')).not.toContain(BOT_TOKEN.split(':')[1]);
  });
});

describe('Telegram API unreachable', () => {
  it('records the failed send with the token scrubbed out of the error text', async () => {
    const v = await startSimVenue();
    const d = freshDataDir();
    presetQuietConfig(d);
    // Port 1 on loopback refuses: grammY's error carries the request URL, which holds the token.
    const b = await startTestBot({ ...v.env, AURORA_TELEGRAM_BOT_TOKEN: BOT_TOKEN, AURORA_TELEGRAM_CHAT_IDS: `${OPERATOR}`, AURORA_TELEGRAM_API_ROOT: 'http://127.0.0.1:1' }, d);
    try {
      await waitReady(b.api);
      await b.api('/api/v1/control/pause', { method: 'POST', json: { reason: 'test' } });
      const status = await waitFor(async () => {
        const n = NotificationsResponse.parse(await (await b.api('/api/v1/notifications')).json());
        return n.telegram.send_failures > 0 && n.telegram;
      }, { what: 'a failed Telegram send' });
      expect(status.last_error).toMatch(/^sendMessage: Network request for 'sendMessage' failed!.*ECONNREFUSED/);
      expect(status.last_error).toContain('bot[redacted]');
      const logged = b.logs.filter((l) => l.includes('telegram request failed'));
      expect(logged.length).toBeGreaterThan(0);
      expect(b.logs.join('\n') + JSON.stringify(status)).not.toContain(BOT_TOKEN.split(':')[1]);
    } finally {
      await b.close();
      await v.close();
      removeDir(d);
    }
  });
});
