import { lazy, Suspense, useState } from 'react';
import { CandlestickChart } from 'lucide-react';
import { useCandles } from '../api/queries';
import { useTruthState } from '../live/live-context';
import { Card } from '../ui/Card';
import { EmptyState, Skeleton } from '../ui/data-states';
import { QueryView, WithState } from '../ui/data-views';
import { Dec, Num } from '../ui/figures';

// lightweight-charts loads after the card, in its own chunk.
const CandleChart = lazy(() => import('./CandleChart').then((m) => ({ default: m.CandleChart })));

/** Price chart for one symbol (GET /candles) with this bot's entries and exits marked. */
export function PriceChartCard() {
  const { state } = useTruthState();
  const [picked, setPicked] = useState<string | null>(null);
  const symbols = state?.symbols ?? [];
  const symbol = picked && symbols.includes(picked) ? picked : (symbols[0] ?? null);
  const candles = useCandles(symbol);
  const quote = state?.market.find((m) => m.symbol === symbol) ?? null;

  return (
    <Card
      title="Price"
      icon={<CandlestickChart size={14} />}
      testId="card-price-chart"
      actions={
        symbols.length > 0 ? (
          <select
            data-testid="price-symbol"
            aria-label="Symbol"
            value={symbol ?? ''}
            onChange={(e) => setPicked(e.target.value)}
            className="py-0 text-xs"
          >
            {symbols.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        ) : null
      }
    >
      <WithState rows={8}>
        {() =>
          symbol === null ? (
            <EmptyState>The bot has no symbols configured; add some in Settings.</EmptyState>
          ) : (
            <div className="flex h-full flex-col gap-2">
              <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs" data-testid="price-quote">
                <span className="font-semibold">{symbol}</span>
                {quote ? (
                  <>
                    <span className="text-muted">
                      last <Dec value={quote.last} testId="quote-last" className="text-fg" />
                    </span>
                    <span className="text-muted">
                      bid <Dec value={quote.bid} testId="quote-bid" className="text-up" />
                    </span>
                    <span className="text-muted">
                      ask <Dec value={quote.ask} testId="quote-ask" className="text-down" />
                    </span>
                    <span className="text-muted">
                      spread{' '}
                      <Num
                        value={quote.spread_bps}
                        dp={2}
                        suffix="bps"
                        testId="quote-spread"
                        className="text-fg"
                      />
                    </span>
                  </>
                ) : (
                  <span className="text-muted">no quote yet</span>
                )}
              </div>
              <QueryView query={candles} rows={8}>
                {(data) =>
                  data.candles.length === 0 ? (
                    <EmptyState>
                      Candles for {symbol} appear once the market feed has delivered klines.
                    </EmptyState>
                  ) : (
                    <div className="h-72">
                      <Suspense fallback={<Skeleton rows={8} testId="candle-chart-loading" />}>
                        <CandleChart key={data.symbol} candles={data.candles} markers={data.markers} />
                      </Suspense>
                    </div>
                  )
                }
              </QueryView>
            </div>
          )
        }
      </WithState>
    </Card>
  );
}
