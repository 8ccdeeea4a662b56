import { readFileSync } from 'node:fs';
import type { RecordedAwsCall } from '@shop/aws';
import { refusedCalls } from '@shop/ops';
import { describe, expect, it } from 'vitest';
import { shopUnderTest } from '../src/shop-under-test.ts';

// Runs after every other file (see the acceptance project's sequencer in vitest.config.ts), so the
// calls checked are those of the whole suite: every route, consumer and relay it drove.
const shop = shopUnderTest();

describe('least privilege, checked against what the code really calls', () => {
  it.skipIf(!shop.iam)("allows every AWS call the suite's functions made by that function's own role", () => {
    const iam = shop.iam as NonNullable<typeof shop.iam>;
    const calls = readFileSync(iam.awsCallLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RecordedAwsCall);
    const callers = new Set(calls.map((call) => call.function));
    console.log(
      `least privilege: ${calls.length} AWS calls from ${callers.size} of ${Object.keys(iam.functions).length} functions checked`,
    );
    // The suite drives every service; a record from each proves the recording itself works.
    expect(new Set([...callers].map((name) => name.split('-')[1]))).toEqual(
      new Set(['users', 'stores', 'products', 'carts', 'orders', 'notifications', 'reviews']),
    );
    expect(refusedCalls(calls, iam.functions, { region: 'us-east-1', accountId: '123456789012' })).toEqual(
      [],
    );
  });
});
