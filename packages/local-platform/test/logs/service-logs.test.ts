import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceLogs } from '../../src/logs/service-logs.ts';

const error = JSON.stringify({
  level: 'ERROR',
  message: 'Unhandled error',
  function_name: 'shop-orders-local-checkout',
  error: { name: 'Error', message: 'the table is gone' },
});
const info = JSON.stringify({ level: 'INFO', message: 'Event handled', service: 'orders' });

describe('the services’ log files', () => {
  let root: string;
  let dir: string;
  let terminal: string[];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'service-logs-'));
    dir = join(root, '.local', 'logs');
    terminal = [];
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('hold every line of each service in its own file; the terminal sees none of the routine ones', async () => {
    const logs = serviceLogs({ dir, log: (line) => terminal.push(line), shownFrom: root });
    const orders = logs.output('orders');
    const carts = logs.output('carts');
    orders('Starting Offline at stage local (us-east-1)');
    carts(info);
    orders('GET /orders (λ: listOrders)');
    await logs.close();
    expect(readFileSync(join(dir, 'orders.log'), 'utf8')).toBe(
      'Starting Offline at stage local (us-east-1)\nGET /orders (λ: listOrders)\n',
    );
    expect(readFileSync(join(dir, 'carts.log'), 'utf8')).toBe(`${info}\n`);
    expect(terminal).toEqual([]);
  });

  it('show each error on the terminal once, in one line, with the file to read', async () => {
    const logs = serviceLogs({ dir, log: (line) => terminal.push(line), shownFrom: root });
    const orders = logs.output('orders');
    orders(info);
    orders(error);
    orders("× Unhandled exception in handler 'checkout'.");
    orders('× Error: boom');
    orders('      at checkout (checkout.ts:1:1)');
    orders('× boom');
    await logs.close();
    expect(terminal).toEqual([
      '✖ [orders] checkout: Unhandled error: Error: the table is gone  (.local/logs/orders.log)',
      "✖ [orders] Unhandled exception in handler 'checkout': Error: boom  (.local/logs/orders.log)",
    ]);
    // The file keeps the whole story, stack included.
    expect(readFileSync(join(dir, 'orders.log'), 'utf8')).toContain('at checkout (checkout.ts:1:1)');
  });

  it('stream every line to the terminal too when verbose, without echoing errors twice', async () => {
    const logs = serviceLogs({ dir, log: (line) => terminal.push(line), verbose: true, shownFrom: root });
    const orders = logs.output('orders');
    orders(info);
    orders(error);
    await logs.close();
    expect(terminal).toEqual([`[orders] ${info}`, `[orders] ${error}`]);
    expect(readFileSync(join(dir, 'orders.log'), 'utf8')).toBe(`${info}\n${error}\n`);
  });

  it("put the platform's own problems with a service in its file and on the terminal", async () => {
    const logs = serviceLogs({ dir, log: (line) => terminal.push(line), shownFrom: root });
    logs.problem('orders', 'its serverless-offline process exited (1)');
    await logs.close();
    expect(terminal).toEqual([
      '✖ [orders] its serverless-offline process exited (1)  (.local/logs/orders.log)',
    ]);
    expect(readFileSync(join(dir, 'orders.log'), 'utf8')).toBe(
      '[local platform] its serverless-offline process exited (1)\n',
    );
  });

  it("replace the last run's files at the start and keep this run's after the stop", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'orders.log'), 'from the last run\n');
    writeFileSync(join(dir, 'gone.log'), 'a service that is not there any more\n');
    writeFileSync(join(dir, 'notes.txt'), 'not ours\n');
    const logs = serviceLogs({ dir, log: (line) => terminal.push(line), shownFrom: root });
    expect(existsSync(join(dir, 'gone.log'))).toBe(false);
    logs.output('orders')('this run');
    await logs.close();
    expect(readFileSync(join(dir, 'orders.log'), 'utf8')).toBe('this run\n');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('not ours\n');
  });

  it('drop what a process still writes after the close instead of reopening its file', async () => {
    const logs = serviceLogs({ dir, log: (line) => terminal.push(line), shownFrom: root });
    const orders = logs.output('orders');
    orders('before');
    await logs.close();
    orders('after');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readFileSync(join(dir, 'orders.log'), 'utf8')).toBe('before\n');
  });

  it('name a file outside the current directory by its full path', async () => {
    const logs = serviceLogs({ dir, log: (line) => terminal.push(line), shownFrom: join(root, 'elsewhere') });
    expect(logs.shownFileOf('orders')).toBe(join(dir, 'orders.log'));
    await logs.close();
  });
});
