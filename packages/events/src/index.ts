export * from './consumer.ts';
export * from './envelope.ts';
export * from './publisher.ts';
