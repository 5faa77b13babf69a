import { useEffect, useRef } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle, CandlesResponse } from '@aurora/contracts';
import type { z } from 'zod';

type Marker = z.infer<typeof CandlesResponse>['markers'][number];

const toSeconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** The open time of the candle a marker falls in: markers must sit on a bar to be drawn. */
function barTimeFor(candles: Candle[], t: number): number | null {
  let found: number | null = null;
  for (const c of candles) {
    if (c.t <= t) found = c.t;
    else break;
  }
  return found;
}

function toMarkers(candles: Candle[], markers: Marker[]): SeriesMarker<Time>[] {
  const out: SeriesMarker<Time>[] = [];
  for (const m of markers) {
    const bar = barTimeFor(candles, m.t);
    if (bar === null) continue;
    const entry = m.kind === 'ENTRY';
    out.push({
      time: toSeconds(bar),
      position: m.side === 'BUY' ? 'belowBar' : 'aboveBar',
      shape: m.side === 'BUY' ? 'arrowUp' : 'arrowDown',
      color: entry ? '#0ecb81' : '#f6465d',
      // Short text: a marker on the newest bar must not run off the chart's edge.
      text: entry ? 'IN' : 'OUT',
    });
  }
  return out.sort((a, b) => (a.time as number) - (b.time as number));
}

/** Candles with entries and exits marked (lightweight-charts, canvas). */
export function CandleChart({ candles, markers }: { candles: Candle[]; markers: Marker[] }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const markerApi = useRef<ISeriesMarkersPluginApi<Time> | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const c = createChart(container.current, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: 'transparent' },
        textColor: '#848e9c',
        fontSize: 11,
        attributionLogo: false,
      },
      grid: { vertLines: { color: '#1e2329' }, horzLines: { color: '#1e2329' } },
      rightPriceScale: { borderColor: '#2b3139' },
      timeScale: { borderColor: '#2b3139', timeVisible: true, secondsVisible: false, rightOffset: 4 },
      crosshair: { mode: 0 },
    });
    const s = c.addSeries(CandlestickSeries, {
      upColor: '#0ecb81',
      downColor: '#f6465d',
      borderVisible: false,
      wickUpColor: '#0ecb81',
      wickDownColor: '#f6465d',
    });
    chart.current = c;
    series.current = s;
    markerApi.current = createSeriesMarkers(s, []);
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
      markerApi.current = null;
    };
  }, []);

  useEffect(() => {
    // Chart coordinates are floats by nature; the candles endpoint already sends them as numbers.
    series.current?.setData(
      candles.map((k) => ({ time: toSeconds(k.t), open: k.o, high: k.h, low: k.l, close: k.c })),
    );
    markerApi.current?.setMarkers(toMarkers(candles, markers));
  }, [candles, markers]);

  // Fit the history to the width once per symbol/first load; later refreshes keep the operator's zoom.
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || candles.length === 0) return;
    chart.current?.timeScale().fitContent();
    fitted.current = true;
  }, [candles]);

  return (
    <div ref={container} className="h-full w-full" data-testid="candle-chart" data-candles={candles.length} />
  );
}
