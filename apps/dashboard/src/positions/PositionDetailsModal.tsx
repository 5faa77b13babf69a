import type { ReactNode } from 'react';
import { usePositionDetail } from '../api/queries';
import { DecisionEnvelopeView } from '../decision/DecisionEnvelopeView';
import { TradesTable } from '../tables/TradesTable';
import { OrdersTable } from '../tables/OrdersTable';
import { Badge } from '../ui/Badge';
import { Modal } from '../ui/Modal';
import { QueryView } from '../ui/data-views';
import { Dec, Num } from '../ui/figures';
import { PositionTimeline } from './PositionTimeline';
import { POSITION_STATUS_TONE } from './position-status';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-muted uppercase">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-xs font-semibold text-muted uppercase">{title}</h3>
      {children}
    </section>
  );
}

/** One position in full (GET /positions/:id): decision, prices, PnL, latency, TCA, timeline. */
export function PositionDetailsModal({ id, onClose }: { id: string; onClose: () => void }) {
  const query = usePositionDetail(id);
  return (
    <Modal title="Position details" testId="position-modal" wide onClose={onClose}>
      <QueryView query={query} rows={8}>
        {({ position: p, decision, orders, trades }) => (
          <div className="flex flex-col gap-5">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-base font-semibold">{p.symbol}</span>
              <span className={p.side === 'BUY' ? 'text-up' : 'text-down'}>{p.side}</span>
              <Badge tone={POSITION_STATUS_TONE[p.status]} testId="position-modal-status">
                {p.status}
              </Badge>
              {p.tags.strategy ? (
                <span title={p.tags.params_id ? `params ${p.tags.params_id}` : 'Strategy that opened it'}>
                  <Badge testId="position-modal-strategy">{p.tags.strategy}</Badge>
                </span>
              ) : null}
              {p.error_reason ? <Badge tone="down">{p.error_reason}</Badge> : null}
              {p.review_flag ? <Badge tone="warn">review: {p.review_flag}</Badge> : null}
              <span className="ml-auto font-mono text-xs text-muted">{p.id}</span>
            </div>

            <PositionTimeline position={p} orders={orders} />

            <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4">
              <Field label="Requested / filled">
                <Dec value={p.requested_qty} /> / <Dec value={p.filled_qty} testId="position-modal-filled" />
              </Field>
              <Field label="Open / exited">
                <Dec value={p.open_qty} /> / <Dec value={p.exited_qty} />
              </Field>
              <Field label="Avg entry">
                <Dec value={p.avg_entry_price} testId="position-modal-entry" />
              </Field>
              <Field label="Avg exit">
                <Dec value={p.avg_exit_price} />
              </Field>
              <Field label="Realized PnL">
                <Dec value={p.realized_pnl} dp={2} signed colored testId="position-modal-realized" />
              </Field>
              <Field label="Unrealized PnL">
                <Dec value={p.unrealized_pnl} dp={2} signed colored testId="position-modal-unrealized" />
              </Field>
              <Field label="Commission (quote)">
                <Dec value={p.commission_total_quote} dp={4} />
                {p.commission_approximate ? <span className="text-warn"> ~</span> : null}
              </Field>
              <Field label="Mark">
                <Dec value={p.mark_price} />
              </Field>
              <Field label="Placement latency">
                <Num
                  value={p.placement_latency_ms}
                  dp={0}
                  suffix="ms"
                  testId="position-modal-placement-latency"
                />
              </Field>
              <Field label="Ack → fill">
                <Num value={p.ack_to_fill_ms} dp={0} suffix="ms" />
              </Field>
              <Field label="Stop / TP / trailing">
                <Dec value={p.stop_price} /> / <Dec value={p.take_profit_price} /> /{' '}
                <Dec value={p.trailing_stop_price} />
              </Field>
              {p.exit_overrides ? (
                <Field label="Strategy's exit rules">
                  <span data-testid="position-modal-exit-overrides">
                    trailing{' '}
                    {p.exit_overrides.trailing_atr_mult === null ? 'config' : <Num value={p.exit_overrides.trailing_atr_mult} suffix="× ATR" />}
                    {' · '}max hold{' '}
                    {p.exit_overrides.max_holding_min === null ? 'config' : <Num value={p.exit_overrides.max_holding_min} dp={0} suffix="min" />}
                  </span>
                </Field>
              ) : null}
            </dl>

            <Section title="Transaction cost analysis">
              {p.tca ? (
                <dl
                  className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4"
                  data-testid="position-modal-tca"
                >
                  <Field label="Signal price">
                    <Dec value={p.tca.signal_price} />
                  </Field>
                  <Field label="Arrival price">
                    <Dec value={p.tca.arrival_price} />
                  </Field>
                  <Field label="Fill price">
                    <Dec value={p.tca.fill_price} />
                  </Field>
                  <Field label="Spread at entry">
                    <Num value={p.tca.spread_at_entry_bps} dp={2} suffix="bps" />
                  </Field>
                  <Field label="Slippage">
                    <Num value={p.tca.slippage_bps} dp={2} suffix="bps" />
                  </Field>
                  <Field label="Impl. shortfall">
                    <Num value={p.tca.implementation_shortfall_bps} dp={2} suffix="bps" />
                  </Field>
                  <Field label="Market impact">
                    <Num value={p.tca.market_impact_bps} dp={2} suffix="bps" />
                  </Field>
                </dl>
              ) : (
                <p className="text-xs text-muted">No TCA yet: it is computed once the entry fills.</p>
              )}
            </Section>

            <Section title="Decision envelope">
              {decision ? (
                <DecisionEnvelopeView decision={decision} />
              ) : (
                <p className="text-xs text-muted">No decision is linked to this position.</p>
              )}
            </Section>

            <Section title="Orders">
              {orders.length > 0 ? (
                <OrdersTable orders={orders} />
              ) : (
                <p className="text-xs text-muted">No orders.</p>
              )}
            </Section>

            <Section title="Fills">
              {trades.length > 0 ? (
                <TradesTable trades={trades} />
              ) : (
                <p className="text-xs text-muted">No fills yet.</p>
              )}
            </Section>
          </div>
        )}
      </QueryView>
    </Modal>
  );
}
