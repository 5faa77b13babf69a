import type { SimAccount } from './account';
import type { SymbolMarket } from './market';

/** A user-data event (executionReport, outboundAccountPosition, balanceUpdate) for one account. */
export interface UserEventEnvelope {
  uid: number;
  event: Record<string, unknown> & { e: string };
}

/** A market-stream payload under its Binance stream name (lower-case symbol), e.g. btcusdt@trade. */
export interface MarketEventEnvelope {
  stream: string;
  data: Record<string, unknown>;
}

export type UserEventListener = (e: UserEventEnvelope) => void;
export type MarketEventListener = (e: MarketEventEnvelope) => void;

/**
 * Events produced by one engine operation, delivered together when it completes so listeners
 * never observe a half-applied order (and balances are reported once per operation).
 */
export class Outbox {
  readonly user: UserEventEnvelope[] = [];
  readonly market: MarketEventEnvelope[] = [];
  readonly accounts = new Set<SimAccount>();
  /** Markets whose candle or book changed and need publishing. */
  readonly markets = new Set<SymbolMarket>();

  constructor(readonly wantsMarketEvents: boolean) {}

  userEvent(account: SimAccount, event: UserEventEnvelope['event']): void {
    this.user.push({ uid: account.uid, event });
    this.accounts.add(account);
  }

  marketEvent(stream: string, data: Record<string, unknown>): void {
    if (this.wantsMarketEvents) this.market.push({ stream, data });
  }
}
