// decimal.ts and symbol-filters.ts are re-exported by the package index directly.
export * from './filters';
export * from './fees';
export * from './fee-asset-prices';
