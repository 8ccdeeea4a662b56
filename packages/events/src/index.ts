export * from './consumer.ts';
export * from './envelope.ts';
export * from './outbox.ts';
export * from './publisher.ts';
export * from './routed-publisher.ts';
export * from './sns-publisher.ts';
export * from './sqs-sender.ts';
