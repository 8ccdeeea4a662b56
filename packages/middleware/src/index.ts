export * from './cors.ts';
export * from './http-route.ts';
