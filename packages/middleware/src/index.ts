export * from './aws-client.ts';
export * from './cors.ts';
export * from './http-route.ts';
export * from './observability.ts';
