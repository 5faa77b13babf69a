export * from './primitives';
export * from './truth';
export * from './runtime-config';
export * from './observer';
export * from './state';
export * from './api';
export * from './ws';
export * from './responses';
