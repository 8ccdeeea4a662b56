export * from './http-route.ts';
export * from './observability.ts';
