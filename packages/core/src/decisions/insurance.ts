import type { Decimal } from 'decimal.js';
import type { InsuranceConfig, Side } from '@aurora/contracts';
import type { Clock } from '../clock';
import type { BookTicker } from '../market/types';
import type { SymbolFilters } from '../money/symbol-filters';

export type InsuranceCode =
  | 'SYMBOL_UNKNOWN'
  | 'SYMBOL_NOT_TRADING'
  | 'LOW_CONFIDENCE'
  | 'POSITION_OPEN'
  | 'INTENT_PENDING'
  | 'LOSS_COOLDOWN'
  | 'NO_BOOK'
  | 'STALE_BOOK'
  | 'STALE_KLINES'
  | 'SPREAD_TOO_WIDE'
  | 'PRICE_MOVED';

export interface InsuranceInput {
  symbol: string;
  side: Side;
  confidence: number;
  /** The price the signal saw; null for a manual proposal (no signal to have moved from). */
  signalPrice: Decimal | null;
  book: BookTicker | null;
  /** When the symbol's kline stream last delivered anything (closed or not). */
  klineUpdatedAt: number | null;
  /** Current ATR (float); null skips the spread-against-ATR rule. */
  atr: number | null;
  filters: SymbolFilters | null;
  hasOpenPosition: boolean;
  hasPendingIntent: boolean;
}

export type InsuranceInputs = Record<string, number | string | boolean | null>;

export type InsuranceVerdict =
  | { ok: true; inputs: InsuranceInputs }
  | { ok: false; code: InsuranceCode; reason: string; inputs: InsuranceInputs };

const MINUTE_MS = 60_000;

/**
 * Trade insurance: the checks that a proposal still makes sense at the moment it would be
 * placed — the symbol trades, the signal is confident, nothing is already open or pending on
 * it, no recent loss on it, the data is fresh, the spread is sane and the price has not run off.
 * Rules run in that order; the first failing one answers.
 */
export class TradeInsurance {
  private readonly lastLossAt = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private config: InsuranceConfig,
    /** Symbols whose loss time is remembered at most (oldest forgotten first). */
    private readonly maxSymbols = 256,
  ) {}

  updateConfig(config: InsuranceConfig): void {
    this.config = config;
  }

  /** A losing close starts the symbol's cool-down (loss_cooldown_min). */
  onTradeClosed(symbol: string, pnl: Decimal): void {
    if (!pnl.isNegative() || pnl.isZero()) return;
    this.lastLossAt.delete(symbol);
    if (this.lastLossAt.size >= this.maxSymbols) {
      const oldest = this.lastLossAt.keys().next().value;
      if (oldest !== undefined) this.lastLossAt.delete(oldest);
    }
    this.lastLossAt.set(symbol, this.clock.now());
  }

  /** End of the symbol's loss cool-down, or null when none is running. */
  cooldownUntil(symbol: string): number | null {
    const at = this.lastLossAt.get(symbol);
    if (at === undefined) return null;
    const until = at + this.config.loss_cooldown_min * MINUTE_MS;
    return until > this.clock.now() ? until : null;
  }

  check(x: InsuranceInput): InsuranceVerdict {
    const c = this.config;
    const now = this.clock.now();
    const inputs: InsuranceInputs = { confidence: x.confidence, min_confidence: c.min_confidence };
    const fail = (code: InsuranceCode, reason: string): InsuranceVerdict => ({
      ok: false,
      code,
      reason,
      inputs,
    });

    if (x.filters === null) return fail('SYMBOL_UNKNOWN', `${x.symbol} has no exchange trading rules loaded`);
    inputs.symbol_status = x.filters.status;
    if (x.filters.status !== 'TRADING')
      return fail('SYMBOL_NOT_TRADING', `${x.symbol} status is ${x.filters.status}`);
    if (x.confidence < c.min_confidence) {
      return fail('LOW_CONFIDENCE', `confidence ${x.confidence.toFixed(3)} is below ${c.min_confidence}`);
    }
    if (x.hasOpenPosition) return fail('POSITION_OPEN', `${x.symbol} already has an open position`);
    if (x.hasPendingIntent)
      return fail('INTENT_PENDING', `${x.symbol} already has an order intent in flight`);
    const cooldown = this.cooldownUntil(x.symbol);
    inputs.cooldown_until = cooldown;
    if (cooldown !== null) {
      return fail(
        'LOSS_COOLDOWN',
        `${x.symbol} lost recently; cool-down until ${new Date(cooldown).toISOString()}`,
      );
    }

    if (x.book === null) return fail('NO_BOOK', `no order book quote for ${x.symbol}`);
    const bookAge = now - x.book.receivedAt;
    const klineAge = x.klineUpdatedAt === null ? null : now - x.klineUpdatedAt;
    inputs.book_age_ms = bookAge;
    inputs.kline_age_ms = klineAge;
    inputs.max_data_age_ms = c.max_data_age_ms;
    if (bookAge > c.max_data_age_ms)
      return fail('STALE_BOOK', `book quote is ${bookAge} ms old (max ${c.max_data_age_ms})`);
    if (klineAge === null || klineAge > c.max_data_age_ms) {
      return fail(
        'STALE_KLINES',
        `kline stream ${klineAge === null ? 'never delivered' : `is ${klineAge} ms old`} (max ${c.max_data_age_ms})`,
      );
    }

    const spread = x.book.askPrice.minus(x.book.bidPrice).toNumber();
    inputs.spread = spread;
    inputs.atr = x.atr;
    if (x.atr !== null && spread > x.atr * c.max_spread_atr_ratio) {
      return fail(
        'SPREAD_TOO_WIDE',
        `spread ${spread} exceeds ${c.max_spread_atr_ratio} × ATR ${x.atr.toPrecision(6)}`,
      );
    }

    if (x.signalPrice !== null && x.signalPrice.gt(0)) {
      // Compare what we would pay now (ask for a buy, bid for a sell) with what the signal saw.
      const quote = x.side === 'BUY' ? x.book.askPrice : x.book.bidPrice;
      const moveBps = quote.minus(x.signalPrice).abs().div(x.signalPrice).times(10_000).toNumber();
      inputs.price_move_bps = Math.round(moveBps * 100) / 100;
      if (moveBps > c.max_price_move_bps) {
        return fail(
          'PRICE_MOVED',
          `price moved ${moveBps.toFixed(1)} bps since the signal (max ${c.max_price_move_bps})`,
        );
      }
    }
    return { ok: true, inputs };
  }

  /** Loss times to persist, so a restart keeps running cool-downs. */
  toJSON(): { lastLossAt: Record<string, number> } {
    return { lastLossAt: Object.fromEntries(this.lastLossAt) };
  }

  /** Reload persisted loss times; entries that are not a symbol → epoch-ms pair are skipped. */
  restore(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null) return;
    const raw = (snapshot as { lastLossAt?: unknown }).lastLossAt;
    if (typeof raw !== 'object' || raw === null) return;
    for (const [symbol, at] of Object.entries(raw)) {
      if (
        typeof at === 'number' &&
        Number.isFinite(at) &&
        at >= 0 &&
        this.lastLossAt.size < this.maxSymbols
      ) {
        this.lastLossAt.set(symbol, at);
      }
    }
  }
}
