export * from './carts.ts';
export * from './common.ts';
export * from './docs.ts';
export * from './notifications.ts';
export * from './orders.ts';
export * from './products.ts';
export * from './routes.ts';
export * from './users.ts';
