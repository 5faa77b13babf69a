import { EnsembleParams } from '@aurora/contracts';
import { SignalEnsemble } from '../ensemble';
import { IndicatorSet } from '../indicator-set';
import type { Strategy } from '../strategy';

/**
 * The signal ensemble (trend, momentum, volatility breakout, volume) as a plug-in: the default
 * strategy. Its parameters are the `strategy` section of the runtime config.
 */
export const ensembleStrategy: Strategy<EnsembleParams> = {
  name: 'ensemble',
  description: 'Weighted vote of trend, momentum, volatility-breakout and volume signals; ATR stops and targets.',
  params: EnsembleParams,
  warmupCandles: (p) => new IndicatorSet(p).warmupCandles,
  create(symbol, params) {
    const ensemble = new SignalEnsemble(symbol, params);
    return {
      // The runner hands over each closed candle once, in order: the ensemble's own feed.
      onCandle: (ctx) => ensemble.onKline(ctx.candles[ctx.candles.length - 1] as (typeof ctx.candles)[number]),
      onBookTicker: (t) => ensemble.onBookTicker(t),
      get atr() {
        return ensemble.atr;
      },
      reconfigure(next) {
        ensemble.updateConfig(next as EnsembleParams);
        return true;
      },
    };
  },
};
