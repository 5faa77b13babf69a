import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Bot API call as the fake server received it. */
export interface TelegramCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
  /** The message_id the fake gave a sendMessage. */
  messageId?: number;
}

interface HeldPoll {
  offset: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

const BOT_USER = { id: 4242, is_bot: true, first_name: 'Aurora', username: 'aurora_test_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };

/**
 * A real HTTP server on 127.0.0.1 speaking the subset of the Telegram Bot API the bot uses
 * (getMe, deleteWebhook, getUpdates with long polling, sendMessage, answerCallbackQuery,
 * editMessageText, setMyCommands). Tests queue updates and read the calls; grammY itself runs
 * unmodified against it.
 */
export class FakeTelegramApi {
  readonly calls: TelegramCall[] = [];
  private updates: Record<string, unknown>[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 100;
  private held: HeldPoll[] = [];
  private server = createServer((req, res) => void this.handle(req, res));
  private waiters: (() => void)[] = [];
  url = '';

  static async start(): Promise<FakeTelegramApi> {
    const api = new FakeTelegramApi();
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    return api;
  }

  /** A text message from `chatId` (a private chat: the user id is the chat id). */
  sendText(chatId: number, text: string): void {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] : undefined;
    this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Op' },
        from: { id: chatId, is_bot: false, first_name: 'Op' },
        text,
        ...(entities ? { entities } : {}),
      },
    });
  }

  /** A tap on an inline button of the bot's message `messageId` in `chatId`. */
  tapButton(chatId: number, messageId: number, data: string): void {
    this.push({
      callback_query: {
        id: `cb-${this.nextUpdateId}`,
        from: { id: chatId, is_bot: false, first_name: 'Op' },
        chat_instance: 'ci',
        data,
        message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'Op' }, text: '(bot message)' },
      },
    });
  }

  callsOf(method: string): TelegramCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Wait until a call matches (or fail after `timeoutMs`). */
  async waitForCall(method: string, pred: (c: TelegramCall) => boolean = () => true, timeoutMs = 10_000): Promise<TelegramCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.calls.find((c) => c.method === method && pred(c));
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${method} call matched within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    for (const h of this.held) {
      clearTimeout(h.timer);
      this.reply(h.res, []);
    }
    this.held = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private push(update: Record<string, unknown>): void {
    this.updates.push({ update_id: this.nextUpdateId++, ...update });
    this.releasePolls();
  }

  private pending(offset: number) {
    return this.updates.filter((u) => (u.update_id as number) >= offset);
  }

  private releasePolls(): void {
    for (const h of [...this.held]) {
      const ready = this.pending(h.offset);
      if (ready.length === 0) continue;
      clearTimeout(h.timer);
      this.held.splice(this.held.indexOf(h), 1);
      this.reply(h.res, ready);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    if (!m || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const call: TelegramCall = { method: m[2]!, token: decodeURIComponent(m[1]!), body };
    this.calls.push(call);
    for (const w of this.waiters.splice(0)) w();
    switch (call.method) {
      case 'getMe':
        return this.reply(res, BOT_USER);
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return this.reply(res, true);
      case 'sendMessage':
      case 'editMessageText':
        call.messageId = call.method === 'sendMessage' ? this.nextMessageId++ : Number(body.message_id);
        return this.reply(res, {
          message_id: call.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id), type: 'private', first_name: 'Op' },
          from: BOT_USER,
          text: String(body.text ?? ''),
        });
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        // Confirming an offset drops what came before it, as Telegram does.
        this.updates = this.pending(offset);
        const ready = this.pending(offset);
        const timeoutS = Number(body.timeout ?? 0);
        if (ready.length > 0 || timeoutS === 0) return this.reply(res, ready);
        const held: HeldPoll = { offset, res, timer: setTimeout(() => {
          this.held.splice(this.held.indexOf(held), 1);
          this.reply(res, []);
        }, Math.min(timeoutS, 2) * 1000) }; // held at most 2 s, so a stopping bot is not kept waiting
        this.held.push(held);
        return;
      }
      default:
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 400, description: `method ${call.method} not faked` }));
    }
  }

  private reply(res: ServerResponse, result: unknown): void {
    if (res.writableEnded) return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
  }
}
