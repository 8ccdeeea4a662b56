import type { LocalFunction } from '@shop/local-platform';
import { inject } from 'vitest';

/** What the acceptance project's global setup hands every test file: only addresses, never code. */
export interface ShopUnderTest {
  baseUrl: string;
  emulatorEndpoint: string;
  emulatorPid: number;
  /** The gateway's route table (from the packaged templates' `AWS::ApiGatewayV2::Route` keys). */
  routes: Array<{ method: string; path: string; service: string }>;
  /** Each stack's outputs: table names, queue URLs, topic ARNs, the user pool. */
  outputs: Record<string, Record<string, string>>;
  /**
   * Every function's execution role (statements evaluated against the emulator) and the file its AWS
   * calls are appended to; absent when the tests reuse a shop they did not start.
   */
  iam?: { awsCallLog: string; functions: Record<string, LocalFunction> };
}

/** The shop started by the global setup. */
export const shopUnderTest = (): ShopUnderTest => inject('shop');

/** A stack output, or a clear failure naming what is missing. */
export function output(shop: ShopUnderTest, service: string, name: string): string {
  const value = shop.outputs[service]?.[name];
  if (!value) throw new Error(`the ${service} stack has no output ${name}`);
  return value;
}
