import type {
  AuditBooksDto,
  AuditResult,
  AnomaliesResponse,
  Candle,
  ClosePositionRequest,
  DecisionEnvelope,
  DecisionQuery,
  LatencyStats,
  ManualProposalRequest,
  OrderDto,
  PositionDto,
  RateLimitDto,
  ReconcileResult,
  RiskStateDto,
  TcaDto,
  TcaSummary,
  TradeDto,
} from '@aurora/contracts';

export interface PageResult<T> {
  items: T[];
  total: number;
}

/** The trading runtime as the HTTP layer sees it: queries and operator commands. */
export interface TradingApi {
  positions(q: { status: 'open' | 'closed' | 'all'; limit: number; offset: number }): PageResult<PositionDto>;
  position(id: string): { position: PositionDto; decision: DecisionEnvelope | null; orders: OrderDto[]; trades: TradeDto[] } | null;
  closePosition(id: string, body: ClosePositionRequest, source: string): Promise<{ position: PositionDto; intent_id: string }>;
  orders(q: { status: 'open' | 'all'; symbol?: string; limit: number; offset: number }): PageResult<OrderDto>;
  trades(q: { symbol?: string; limit: number; offset: number }): PageResult<TradeDto>;
  decisions(q: DecisionQuery): PageResult<DecisionEnvelope>;
  decision(id: string): DecisionEnvelope | null;
  risk(): RiskStateDto;
  rateLimits(): RateLimitDto;
  tca(): { summary: TcaSummary; trades: { position_id: string; symbol: string; tca: TcaDto }[] };
  latency(): LatencyStats[];
  /** The anomaly observer: remembered anomalies with their evidence, each series charted. */
  anomalies(): AnomaliesResponse;
  candles(symbol: string, limit: number): { candles: Candle[]; markers: { t: number; side: 'BUY' | 'SELL'; price: string; kind: 'ENTRY' | 'EXIT'; position_id: string }[] };
  reconcile(trigger: 'MANUAL'): Promise<ReconcileResult>;
  /** Run the books audit now (its result also lands in the snapshot's last_audit). */
  audit(trigger: 'MANUAL'): Promise<AuditResult>;
  auditBooks(): AuditBooksDto;
  propose(body: ManualProposalRequest, source: string): Promise<DecisionEnvelope>;
}
