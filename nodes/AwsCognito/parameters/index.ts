export * from './group';
export * from './idempotency';
export * from './locators';
export * from './results';
export * from './snapshot';
export * from './user';
export * from './values';
export * from './account';
