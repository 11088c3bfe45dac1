export * from './error-codes.ts';
export * from './common.ts';
export * from './health.ts';
export * from './sites.ts';
export * from './coverage.ts';
export * from './licenses.ts';
export * from './assets.ts';
export * from './tokens.ts';
