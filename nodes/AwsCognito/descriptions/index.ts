export * from './groupFields';
export * from './idempotencyOptions';
export * from './locators';
export * from './operations';
export * from './resultFields';
export * from './snapshotFields';
export * from './userAttributeFields';
export * from './providerFields';
