import type { ExecutionConfig } from '@aurora/contracts';
import { gateAllow, gateBlock, type DecisionRequest, type GateOutcome } from './decision-types';

/**
 * Is the picture we decide on trustworthy at all: exchange rules loaded, our clock agreeing
 * with the exchange's, the market feed alive, and no missing candles under the indicators.
 */
export function dataQualityGate(
  req: DecisionRequest,
  exec: ExecutionConfig,
  maxDataAgeMs: number,
  now: number,
): GateOutcome {
  const { exchange, market } = req;
  const feedAge = market.marketDataAt === null ? null : now - market.marketDataAt;
  const inputs = {
    exchange_info_loaded_at: exchange.exchangeInfoLoadedAt,
    symbol_rules: exchange.filters !== null,
    clock_offset_ms: exchange.clockOffsetMs,
    max_clock_offset_ms: exec.max_clock_offset_ms,
    feed_age_ms: feedAge,
    max_data_age_ms: maxDataAgeMs,
    kline_gaps: market.klineGaps,
  };
  if (exchange.exchangeInfoLoadedAt === null) {
    return gateBlock('EXCHANGE_INFO_MISSING', 'exchange info has not been loaded yet', inputs);
  }
  if (exchange.filters === null) {
    return gateBlock(
      'SYMBOL_RULES_MISSING',
      `no trading rules for ${req.proposal.symbol} in exchange info`,
      inputs,
    );
  }
  if (exchange.clockOffsetMs === null) {
    return gateBlock('CLOCK_UNSYNCED', 'clock offset to the exchange is not known yet', inputs);
  }
  if (Math.abs(exchange.clockOffsetMs) > exec.max_clock_offset_ms) {
    const text = `clock offset ${exchange.clockOffsetMs} ms exceeds ±${exec.max_clock_offset_ms} ms`;
    return gateBlock('CLOCK_OFFSET', text, inputs);
  }
  if (feedAge === null) return gateBlock('MARKET_DATA_MISSING', 'no market data received yet', inputs);
  if (feedAge > maxDataAgeMs) {
    return gateBlock('MARKET_DATA_STALE', `market data is ${feedAge} ms old (max ${maxDataAgeMs})`, inputs);
  }
  if (market.klineGaps > 0) {
    const text = `${market.klineGaps} missing candle(s) within the indicator look-back`;
    return gateBlock('KLINE_GAP', text, inputs);
  }
  return gateAllow('data fresh, rules loaded, clock in sync', inputs);
}
