export * from './aws-client.ts';
export * from './dynamodb.ts';
export * from './layer.ts';
export * from './observability.ts';
export * from './once.ts';
export * from './redaction.ts';
export * from './source-maps.ts';
export * from './tracing.ts';
