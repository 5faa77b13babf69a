import { Wallet } from 'lucide-react';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { WithState } from '../ui/data-views';
import { Dec, Num } from '../ui/figures';

/** Top of book per symbol and the account's balances, as last pushed. */
export function MarketBalancesCard() {
  return (
    <Card title="Market & balances" icon={<Wallet size={14} />} testId="card-market-balances">
      <WithState rows={6}>
        {(state) => (
          <div className="flex flex-col gap-3">
            {state.market.length === 0 ? (
              <EmptyState>
                Bid, ask and last price per symbol appear once the market feed delivers quotes.
              </EmptyState>
            ) : (
              <table className="data" data-testid="market-table">
                <thead>
                  <tr>
                    <th>Symbol</th>
                    <th className="right">Bid</th>
                    <th className="right">Ask</th>
                    <th className="right">Spread</th>
                  </tr>
                </thead>
                <tbody>
                  {state.market.map((q) => (
                    <tr key={q.symbol} data-testid={`market-${q.symbol}`}>
                      <td className="font-medium">{q.symbol}</td>
                      <td className="right text-up">
                        <Dec value={q.bid} />
                      </td>
                      <td className="right text-down">
                        <Dec value={q.ask} />
                      </td>
                      <td className="right">
                        <Num value={q.spread_bps} dp={2} suffix="bps" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {state.balances.length === 0 ? (
              <EmptyState>Balances appear after the first account sync with the venue.</EmptyState>
            ) : (
              <table className="data" data-testid="balances-table">
                <thead>
                  <tr>
                    <th>Asset</th>
                    <th className="right">Free</th>
                    <th className="right">Locked</th>
                  </tr>
                </thead>
                <tbody>
                  {state.balances.map((b) => (
                    <tr key={b.asset} data-testid={`balance-${b.asset}`}>
                      <td className="font-medium">{b.asset}</td>
                      <td className="right">
                        <Dec value={b.free} trim testId={`balance-${b.asset}-free`} />
                      </td>
                      <td className="right">
                        <Dec value={b.locked} trim />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </WithState>
    </Card>
  );
}
