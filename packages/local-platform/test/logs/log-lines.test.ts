import { describe, expect, it } from 'vitest';
import {
  errorFolder,
  requestLine,
  resourceSummary,
  stepLine,
  structuredError,
} from '../../src/logs/log-lines.ts';

describe('a start-up step', () => {
  it('shows the time since the start, what happened and how long it took', () => {
    expect(stepLine(4_512, 'packaged users', 3_870)).toBe('  4.5 s  packaged users (3.9 s)');
    expect(stepLine(18_600, 'gateway on http://127.0.0.1:3000')).toBe(
      ' 18.6 s  gateway on http://127.0.0.1:3000',
    );
  });

  it('sums up what a stack got in the emulator by kind', () => {
    expect(
      resourceSummary([
        'AWS::DynamoDB::Table',
        'AWS::DynamoDB::Table',
        'AWS::SNS::Topic',
        'AWS::Cognito::UserPoolClient',
        'AWS::SES::EmailIdentity',
        'AWS::SES::EmailIdentity',
      ]),
    ).toBe('2 tables, 1 topic, 1 user pool client, 2 email identities');
    expect(resourceSummary([])).toBe('nothing');
  });
});

describe('the request line', () => {
  const at = new Date(2026, 11, 2, 9, 16, 25);

  it('has the time, method, path, status and milliseconds', () => {
    const line = requestLine(
      { method: 'GET', path: '/products?limit=…', status: 200, ms: 37, service: 'products' },
      { at },
    );
    expect(line).toMatch(/^09:16:25 GET {4}\/products\?limit=… +200 +37 ms$/);
  });

  it('names the log file of the service that answered a 5xx', () => {
    const line = requestLine(
      { method: 'POST', path: '/checkout', status: 502, ms: 31, service: 'orders' },
      { at, logFile: '.local/logs/orders.log' },
    );
    expect(line).toMatch(/ 502 +31 ms {2}\(see \.local\/logs\/orders\.log\)$/);
  });

  it('names no file for an answer below 500', () => {
    const line = requestLine(
      { method: 'GET', path: '/orders/o-1', status: 404, ms: 12, service: 'orders' },
      { at, logFile: '.local/logs/orders.log' },
    );
    expect(line).not.toContain('orders.log');
  });

  it('says so when the caller hung up before the answer', () => {
    const line = requestLine(
      { method: 'GET', path: '/slow', status: undefined, ms: 40, service: 'x' },
      { at },
    );
    expect(line).toMatch(/ --- +40 ms {2}\(not answered: the caller hung up\)$/);
  });
});

// Real lines, as serverless-offline and Powertools wrote them in a local run.
const powertoolsError = JSON.stringify({
  level: 'ERROR',
  message: 'Unhandled error',
  timestamp: '2026-12-02T09:10:34.052Z',
  service: 'orders',
  cold_start: false,
  function_name: 'shop-orders-local-checkout',
  error: {
    name: 'TypeError',
    location: 'file:///work/services/orders/src/handlers/http/checkout.ts:41',
    message: "Cannot read properties of undefined (reading 'sku')",
    stack:
      "TypeError: Cannot read properties of undefined (reading 'sku')\n    at checkout (checkout.ts:41:7)",
  },
});
const powertoolsInfo = JSON.stringify({
  level: 'INFO',
  message: 'Event handled',
  service: 'carts',
  function_name: 'shop-carts-local-consumeEvents',
});
const thrownInHandler = [
  'GET /throws (λ: throws)',
  "× Unhandled exception in handler 'throws'.",
  '× TypeError: cannot read properties of undefined (reading "sku")',
  '      at throws (file:///work/fixtures/noisy-service/handler.mjs:10:9)',
  '      at InProcessRunner.run (file:///work/node_modules/serverless-offline/src/lambda/handler-runner/in-process-runner/InProcessRunner.js:87:20)',
  '      at async MessagePort.<anonymous> (file:///work/node_modules/serverless-offline/src/lambda/handler-runner/worker-thread-runner/workerThreadHelper.js:24:14)',
  '× cannot read properties of undefined (reading "sku")',
  'GET /quiet (λ: quiet)',
];
const uncaughtException = [
  '× Uncaught exception',
  'Environment: linux, node 24.21.0, osls 4.3.1 (local)',
  'Docs:        github.com/oss-serverless/osls',
  'Error:',
  'Error: nobody awaited me',
  '    at Timeout._onTimeout (file:///work/fixtures/noisy-service/handler.mjs:13:35)',
  '    at listOnTimeout (node:internal/timers:685:17)',
];
const routine = [
  'Starting Offline at stage local (us-east-1)',
  '┌──────────────────────────────────────────────────────────────────────────────┐',
  '│   GET    | http://127.0.0.1:42401/products                                   │',
  'Server ready: http://127.0.0.1:42401 🚀',
  'GET /products (λ: listProducts)',
  '(λ: listProducts) RequestId: dea2f52c-74a2-4387-9fba-015fce9d80d7  Duration: 859.34 ms  Billed Duration: 860 ms',
  powertoolsInfo,
];

describe('an error-level structured log line', () => {
  it('becomes one line: the function, the message and the error', () => {
    expect(structuredError(powertoolsError)).toBe(
      "checkout: Unhandled error: TypeError: Cannot read properties of undefined (reading 'sku')",
    );
  });

  it('is recognised at the other error levels and shapes too', () => {
    expect(structuredError('{"level":"CRITICAL","message":"Outbox relay failed"}')).toBe(
      'Outbox relay failed',
    );
    expect(structuredError('{"level":50,"msg":"db down","err":"ECONNREFUSED"}')).toBe(
      'db down: ECONNREFUSED',
    );
  });

  it('is not any other line', () => {
    for (const line of [...routine, '{"level":"WARN","message":"slow"}', '{not json}', '[1,2]', 'null'])
      expect(structuredError(line)).toBeUndefined();
  });

  it('is cut when very long', () => {
    const summary = structuredError(JSON.stringify({ level: 'ERROR', message: 'x'.repeat(1000) }));
    expect(summary?.length).toBe(240);
    expect(summary?.endsWith('…')).toBe(true);
  });
});

describe('folding a service output into one line per error', () => {
  const fold = (lines: string[]) => {
    const emitted: string[] = [];
    const folder = errorFolder((summary) => emitted.push(summary));
    for (const line of lines) folder.line(line);
    folder.flush();
    return emitted;
  };

  it('says nothing for the routine lines of a healthy service', () => {
    expect(fold(routine)).toEqual([]);
  });

  it("folds serverless-offline's report of a handler that threw, stack and all, into one line", () => {
    expect(fold(thrownInHandler)).toEqual([
      'Unhandled exception in handler \'throws\': TypeError: cannot read properties of undefined (reading "sku")',
    ]);
  });

  it('folds a crash of the process (an uncaught exception) into one line', () => {
    expect(fold(uncaughtException)).toEqual(['Uncaught exception: Error: nobody awaited me']);
  });

  it('keeps errors apart: each structured error and each exception is its own line, in order', () => {
    expect(fold([...routine, powertoolsError, ...thrownInHandler, powertoolsError, ...routine])).toEqual([
      "checkout: Unhandled error: TypeError: Cannot read properties of undefined (reading 'sku')",
      'Unhandled exception in handler \'throws\': TypeError: cannot read properties of undefined (reading "sku")',
      "checkout: Unhandled error: TypeError: Cannot read properties of undefined (reading 'sku')",
    ]);
  });

  it('emits an exception shortly after its last line, without waiting for another line', async () => {
    const emitted: string[] = [];
    const folder = errorFolder((summary) => emitted.push(summary), 20);
    for (const line of uncaughtException) folder.line(line);
    expect(emitted).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(emitted).toEqual(['Uncaught exception: Error: nobody awaited me']);
  });
});
