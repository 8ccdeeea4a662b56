import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor, type RunningWeb, serveWeb } from '../local.ts';

// The static server `npm start` and the browser tests use, against a fake build (no Vite here).
describe('the local storefront server', () => {
  let dir: string;
  let web: RunningWeb;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-test-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shop</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    web = await serveWeb({ dir, apiBaseUrl: 'http://127.0.0.1:3999' });
  });

  afterAll(async () => {
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on loopback', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves config.json pointing at the API', async () => {
    const response = await fetch(`${web.url}/config.json`);
    expect(await response.json()).toEqual({ apiBaseUrl: 'http://127.0.0.1:3999' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers any page path with index.html (history routing)', async () => {
    const response = await fetch(`${web.url}/orders/o-123`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>shop</title>');
    expect(response.headers.get('content-security-policy')).toContain(
      "connect-src 'self' http://127.0.0.1:3999",
    );
  });

  it('serves assets with their type and long caching, and 404s a missing one', async () => {
    const asset = await fetch(`${web.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${web.url}/assets/missing.js`)).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${web.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('never serves a file outside the build', () => {
    writeFileSync(join(dir, '..', 'web-test-secret.txt'), 'secret');
    expect(fileFor(dir, '/../web-test-secret.txt')).toBeUndefined();
    expect(fileFor(dir, '/..%2fweb-test-secret.txt')).toBeUndefined();
    expect(fileFor(dir, '/%00')).toBeUndefined();
    expect(fileFor(dir, '/assets/app.js')).toBe(join(dir, 'assets', 'app.js'));
    rmSync(join(dir, '..', 'web-test-secret.txt'));
  });
});
