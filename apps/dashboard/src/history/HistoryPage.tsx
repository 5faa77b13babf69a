import { useState } from 'react';
import { ListOrdered, Receipt } from 'lucide-react';
import { PAGE_SIZE, useOrders, useTrades } from '../api/queries';
import { OrdersTable } from '../tables/OrdersTable';
import { TradesTable } from '../tables/TradesTable';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Pagination } from '../ui/Pagination';

/** Orders (with intent and exchange status) and fills, paged by the API. */
export function HistoryPage() {
  const [orderStatus, setOrderStatus] = useState<'all' | 'open'>('all');
  const [ordersOffset, setOrdersOffset] = useState(0);
  const [tradesOffset, setTradesOffset] = useState(0);
  const orders = useOrders(ordersOffset, orderStatus);
  const trades = useTrades(tradesOffset);

  return (
    <div className="flex flex-col gap-3">
      <Card
        title="Orders"
        icon={<ListOrdered size={14} />}
        testId="card-orders"
        actions={
          <select
            aria-label="Order status"
            data-testid="orders-status-filter"
            className="py-0 text-xs"
            value={orderStatus}
            onChange={(e) => {
              setOrderStatus(e.target.value === 'open' ? 'open' : 'all');
              setOrdersOffset(0);
            }}
          >
            <option value="all">All orders</option>
            <option value="open">Open only</option>
          </select>
        }
      >
        <QueryView query={orders} rows={6}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>
                {orderStatus === 'open'
                  ? 'No order is working on the exchange right now.'
                  : 'Every order the bot sends is listed here with its intent and exchange status.'}
              </EmptyState>
            ) : (
              <>
                <OrdersTable orders={page.items} />
                <Pagination
                  offset={ordersOffset}
                  pageSize={PAGE_SIZE}
                  total={page.total}
                  onOffset={setOrdersOffset}
                  testId="orders-pages"
                />
              </>
            )
          }
        </QueryView>
      </Card>
      <Card title="Trades" icon={<Receipt size={14} />} testId="card-trades">
        <QueryView query={trades} rows={6}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>Fills appear here as the exchange reports them.</EmptyState>
            ) : (
              <>
                <TradesTable trades={page.items} />
                <Pagination
                  offset={tradesOffset}
                  pageSize={PAGE_SIZE}
                  total={page.total}
                  onOffset={setTradesOffset}
                  testId="trades-pages"
                />
              </>
            )
          }
        </QueryView>
      </Card>
    </div>
  );
}
