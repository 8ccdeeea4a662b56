import { emulatorEnvironment, startEmulator } from '@shop/local-platform';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    awsEndpoint: string;
  }
}

// One emulator for the whole run, on a free loopback port; suites isolate themselves by unique names.
export default async function setup(project: TestProject) {
  const emulator = await startEmulator();
  Object.assign(process.env, emulatorEnvironment(emulator.endpoint), { STAGE: 'local' });
  project.provide('awsEndpoint', emulator.endpoint);
  return async () => {
    await emulator.stop();
  };
}
