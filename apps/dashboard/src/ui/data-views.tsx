import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { StateSnapshot } from '@aurora/contracts';
import { useTruthState } from '../live/live-context';
import { describeError } from '../api/api-errors';
import { ErrorState, Skeleton } from './data-states';

/** Renders children with the live StateSnapshot, or its loading / error state. */
export function WithState({
  rows = 3,
  children,
}: {
  rows?: number;
  children: (state: StateSnapshot) => ReactNode;
}) {
  const { state, error, retry } = useTruthState();
  if (state) return <>{children(state)}</>;
  if (error) return <ErrorState message={error} onRetry={retry} />;
  return <Skeleton rows={rows} />;
}

/** Renders children with a REST read's data, or its loading / error state. */
export function QueryView<T>({
  query,
  rows = 3,
  children,
}: {
  query: UseQueryResult<T>;
  rows?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) {
    return (
      <>
        {query.isError ? (
          <div className="mb-2">
            <ErrorState
              message={`Showing older data: ${describeError(query.error)}`}
              onRetry={() => void query.refetch()}
            />
          </div>
        ) : null}
        {children(query.data)}
      </>
    );
  }
  if (query.isError)
    return <ErrorState message={describeError(query.error)} onRetry={() => void query.refetch()} />;
  return <Skeleton rows={rows} />;
}
