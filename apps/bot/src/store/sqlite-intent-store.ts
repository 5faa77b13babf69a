// The intent store is the kernel's (over its store port); over the SQLite repo it is this one.
export {
  StoreIntentStore as SqliteIntentStore,
  storeIdempotencyPersistence as sqliteIdempotencyPersistence,
} from '@aurora/engine';
