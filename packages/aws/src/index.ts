export * from './aws-client.ts';
export * from './observability.ts';
export * from './redaction.ts';
