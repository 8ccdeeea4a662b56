import { emulatorEnvironment } from '@shop/local-platform';
import { inject } from 'vitest';

/** Points this test worker's AWS clients at the emulator that global setup started. */
export function useEmulator(): string {
  const endpoint = inject('awsEndpoint');
  Object.assign(process.env, emulatorEnvironment(endpoint));
  return endpoint;
}

/** A name no other test in this run uses, for tables, topics and queues. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export { createServiceTable, serviceResource } from './service-definition.ts';
