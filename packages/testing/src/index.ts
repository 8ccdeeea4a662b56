import { emulatorEnvironment } from '@shop/local-platform';
import { inject } from 'vitest';

/**
 * Points this test worker's AWS clients at the emulator that global setup started, as the `local` stage
 * (the only stage in which @shop/auth trusts the emulator's keys).
 */
export function useEmulator(): string {
  const endpoint = inject('awsEndpoint');
  Object.assign(process.env, emulatorEnvironment(endpoint), { STAGE: 'local' });
  return endpoint;
}

export {
  type HttpAnswer,
  type HttpEventOptions,
  type HttpHandler,
  httpEvent,
  invokeHttp,
} from './http.ts';
export { lambdaContext, snsNotification, sqsRecord } from './lambda.ts';
export { uniqueName } from './names.ts';
export {
  createServiceQueue,
  queueArn,
  receiveJson,
  receiveMessages,
  subscribeAsDeclared,
  topicWithListener,
} from './queues.ts';
export {
  captureOutput,
  RecordingSegment,
  recordTraces,
  type SegmentCall,
  serialized,
} from './recording.ts';
export { createServiceTable, createServiceTables, serviceResource } from './service-definition.ts';
export {
  SIGN_UP_CODE_HEADER,
  signUpWithCode,
  type TestUserPool,
  testPassword,
  testUserPool,
} from './user-pool.ts';
