export * from './concurrency';
export * from './diff';
export * from './fingerprint';
export * from './output';
export * from './plan';
export * from './records';
export * from './snapshot';
export * from './types';
