export * from './space';
export * from './samplers';
