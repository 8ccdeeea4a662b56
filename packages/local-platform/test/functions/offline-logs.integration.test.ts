// The log routing against a real serverless-offline process: a tiny service (fixtures/noisy-service)
// whose functions write what real ones do. No emulator: the functions call no AWS.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/emulator/emulator.ts';
import { type OfflineService, startOffline } from '../../src/functions/offline.ts';
import { type ServiceLogs, serviceLogs } from '../../src/logs/service-logs.ts';

const root = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const fixture = fileURLToPath(new URL('./fixtures/noisy-service', import.meta.url));
const functions = ['quiet', 'logsError', 'logsLongError', 'throws', 'rejectsLater'];

describe('a service’s output, from serverless-offline to its log file and the terminal', () => {
  let dir: string;
  let logs: ServiceLogs;
  let service: OfflineService;
  let httpPort: number;
  const terminal: string[] = [];
  const exits: Array<number | string> = [];
  const file = () => readFileSync(join(dir, 'logs', 'noisy.log'), 'utf8');

  /** Terminal lines that arrive while `action` runs and shortly after (an error is folded for 100 ms). */
  const linesDuring = async (action: () => Promise<unknown>, settleMs = 400) => {
    const before = terminal.length;
    await action();
    await new Promise((done) => setTimeout(done, settleMs));
    return terminal.slice(before);
  };
  const get = async (path: string) => (await fetch(`http://127.0.0.1:${httpPort}${path}`)).status;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'offline-logs-'));
    const environmentFile = join(dir, 'function-environment.json');
    writeFileSync(
      environmentFile,
      JSON.stringify(Object.fromEntries(functions.map((name) => [`noisy-local-${name}`, {}]))),
    );
    logs = serviceLogs({ dir: join(dir, 'logs'), log: (line) => terminal.push(line), shownFrom: dir });
    const [http, lambda, websocketPort, albPort] = await Promise.all([1, 2, 3, 4].map(() => freePort()));
    httpPort = http as number;
    service = await startOffline({
      root,
      name: 'noisy',
      cwd: fixture,
      stage: 'local',
      httpPort,
      lambdaPort: lambda as number,
      hasHttpRoutes: true,
      extraPorts: { websocketPort: websocketPort as number, albPort: albPort as number },
      params: [],
      env: { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      functionEnvironmentFile: environmentFile,
      output: logs.output('noisy'),
      onUnexpectedExit: (code) => exits.push(code),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await logs?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the start-up output (the route table and all) in the file only', async () => {
    // The last start-up lines may still be on their way when the port opens.
    await new Promise((done) => setTimeout(done, 200));
    expect(file()).toContain('Server ready');
    expect(file()).toContain('GET  | http://127.0.0.1:');
    expect(terminal).toEqual([]);
  });

  it('writes a healthy request to the file and nothing to the terminal', async () => {
    expect(await linesDuring(async () => expect(await get('/quiet')).toBe(200))).toEqual([]);
    expect(file()).toContain('"message":"Request handled"');
  });

  it('shows an error-level log line on the terminal as one line naming the file', async () => {
    const lines = await linesDuring(async () => expect(await get('/logs-error')).toBe(500));
    expect(lines).toEqual([
      '✖ [noisy] logsError: Unhandled error: Error: the table is gone  (logs/noisy.log)',
    ]);
  });

  it('recognises an error line far longer than one chunk of the pipe', async () => {
    const lines = await linesDuring(async () => expect(await get('/logs-long-error')).toBe(500));
    expect(lines).toEqual(['✖ [noisy] Event handling failed: Error: too big  (logs/noisy.log)']);
    expect(file()).toContain('x'.repeat(200_000));
  });

  it('folds a handler that threw, stack and all, into one terminal line; the file keeps the stack', async () => {
    const lines = await linesDuring(() => get('/throws'));
    expect(lines).toEqual([
      '✖ [noisy] Unhandled exception in handler \'throws\': TypeError: cannot read properties of undefined (reading "sku")  (logs/noisy.log)',
    ]);
    expect(file()).toMatch(/at throws \(.*handler\.mjs/);
  });

  it('reports a rejection nobody awaited, which ends the process, and the exit', async () => {
    expect(exits).toEqual([]);
    const lines = await linesDuring(async () => {
      expect(await get('/rejects-later')).toBe(200);
      await service.process.exited;
    });
    expect(lines).toEqual(['✖ [noisy] Uncaught exception: Error: nobody awaited me  (logs/noisy.log)']);
    expect(exits).toHaveLength(1);
  });
});
