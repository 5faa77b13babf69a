export * from './audit-input';
export * from './books-auditor';
export * from './books-dto';
export * from './closed-trade-receipts';
export * from './venue-truth';
