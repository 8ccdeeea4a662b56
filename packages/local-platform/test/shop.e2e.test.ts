import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/emulator.ts';
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

  beforeAll(async () => {
    shop = await startLocalShop({ port: await freePort(), log: (line) => logs.push(line) });
  }, 180_000);

  afterAll(async () => {
    await shop?.stop();
  });

  it('serves the seeded catalog on one base URL', async () => {
    const response = await fetch(`${shop.baseUrl}/products`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Array<{ productId: string; name: string }> };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ productId: expect.any(String), name: expect.any(String) });
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
  });
});
