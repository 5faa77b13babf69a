export { buildBacktestReport, equityCurveOf } from './build-report';
export { tradeHash, canonicalTrades, canonicalTradeLine, canonicalDecimal, TRADE_HASH_HEADER } from './trade-hash';
export { renderBacktestHtml, MAX_TRADE_ROWS } from './html/render-html';
export { EquityCurve, sharpeRatio, sortinoRatio, cagrPct } from './equity-curve';
export { writeBacktestReport, summaryLines, reportStem, type WrittenReport, type ReportChecks } from './write-report';
export { checkLines } from './check-lines';
