export * from './cors.ts';
export * from './http-cache.ts';
export * from './http-route.ts';
