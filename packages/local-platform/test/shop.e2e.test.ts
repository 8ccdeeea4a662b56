import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/emulator/emulator.ts';
import type { GatewayRequest } from '../src/gateway/gateway.ts';
import { groupAlive } from '../src/processes.ts';
import { type LocalShop, startLocalShop } from '../src/shop.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the whole shop on loopback (npm start)', () => {
  let shop: LocalShop;
  const logs: string[] = [];
  const requests: GatewayRequest[] = [];
  const logDir = mkdtempSync(join(tmpdir(), 'shop-e2e-logs-'));

  beforeAll(async () => {
    shop = await startLocalShop({
      port: await freePort(),
      log: (line) => logs.push(line),
      logDir,
      onRequest: (request) => requests.push(request),
    });
  }, 180_000);

  afterAll(async () => {
    await shop?.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('tells its start-up as timed steps, and none of the services’ own output', () => {
    const services = Object.keys(shop.stacks);
    expect(services.length).toBeGreaterThan(0);
    const step = (text: string) =>
      expect(logs.some((line) => /^ *\d+\.\d s {2}/.test(line) && line.includes(text))).toBe(true);
    step('emulator (moto) on http://127.0.0.1:');
    for (const service of services) {
      step(`packaged ${service} (`);
      step(`provisioned ${shop.stacks[service]?.stackName}: `);
    }
    for (const service of Object.keys(shop.logFiles)) step(`started ${service}: `);
    step(`gateway on ${shop.baseUrl}: ${shop.routes.length} routes`);
    // serverless-offline's route tables and banners stay in the files.
    expect(logs.filter((line) => /│|Server ready|Function names exposed/.test(line))).toEqual([]);
  });

  it('keeps each service’s output in its own log file', () => {
    expect(Object.keys(shop.logFiles).sort()).toEqual(
      Object.entries(shop.stacks)
        .filter(([, stack]) => Object.keys(stack.functions).length > 0)
        .map(([name]) => name)
        .sort(),
    );
    for (const service of Object.keys(shop.logFiles))
      expect(readFileSync(join(logDir, `${service}.log`), 'utf8')).toContain(
        'Offline [http for lambda] listening',
      );
  });

  it('serves the seeded catalog on one base URL', async () => {
    const response = await fetch(`${shop.baseUrl}/products`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Array<{ productId: string; name: string }> };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ productId: expect.any(String), name: expect.any(String) });
  });

  it('reports each request: method, path without query values, status, time and service', async () => {
    const response = await fetch(`${shop.baseUrl}/products?limit=2`);
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests.at(-1)).toEqual({
      method: 'GET',
      path: '/products?limit=…',
      status: 200,
      ms: expect.any(Number),
      service: 'products',
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await fetch(`${shop.baseUrl}/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 404,
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('leaves no process behind once stopped', async () => {
    const [emulatorPid, ...groups] = shop.pids;
    expect(groups.length).toBeGreaterThan(0);
    await shop.stop();
    expect(emulatorPid !== undefined && alive(emulatorPid)).toBe(false);
    for (const group of groups) expect(groupAlive(group)).toBe(false);
    await expect(fetch(`${shop.baseUrl}/products`)).rejects.toThrow();
    // The logs outlive the run, for reading after Ctrl-C; stopping on purpose is no crash.
    expect(existsSync(join(logDir, 'products.log'))).toBe(true);
    expect(logs.filter((line) => line.startsWith('✖'))).toEqual([]);
  });
});
