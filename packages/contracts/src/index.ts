export * from './primitives';
export * from './truth';
export * from './runtime-config';
export * from './state';
export * from './api';
export * from './ws';
export * from './responses';
export * from './audit';
