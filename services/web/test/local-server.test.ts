import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor, pickEncoding, type RunningWeb, serveWeb } from '../local.ts';

// fetch() always asks for and silently undoes compression; node:http shows the bytes on the wire.
function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((done, fail) => {
    const req = request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

const bigScript = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word-${i}`))};\n`;

// The static server `npm start` and the browser tests use, against a fake build (no Vite here).
describe('the local storefront server', () => {
  let dir: string;
  let web: RunningWeb;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-test-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shop</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'big.js'), bigScript);
    writeFileSync(join(dir, 'assets', 'logo.png'), Buffer.alloc(4096, 7));
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

  it('answers text brotli-compressed when the browser accepts it, gzip otherwise', async () => {
    const br = await get(`${web.url}/assets/big.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.headers['cache-control']).toContain('immutable');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(bigScript.length / 3);
    expect(brotliDecompressSync(br.body).toString()).toBe(bigScript);

    const gzip = await get(`${web.url}/assets/big.js`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(bigScript);

    // The second answer comes from the server's cache of compressed files: the same bytes.
    const again = await get(`${web.url}/assets/big.js`, { 'accept-encoding': 'br' });
    expect(again.body.equals(br.body)).toBe(true);
  });

  it('answers uncompressed without Accept-Encoding, for refused codings, tiny files and images', async () => {
    const plain = await get(`${web.url}/assets/big.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    expect(plain.body.toString()).toBe(bigScript);

    const refused = await get(`${web.url}/assets/big.js`, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(bigScript);

    const tiny = await get(`${web.url}/assets/app.js`, { 'accept-encoding': 'br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('console.log(1)');

    const image = await get(`${web.url}/assets/logo.png`, { 'accept-encoding': 'br, gzip' });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers.vary).toBeUndefined();
    expect(image.body.length).toBe(4096);
  });

  it('answers HEAD with the headers of the compressed answer and no body', async () => {
    const head = await get(`${web.url}/assets/big.js`, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body.length).toBe(0);
  });

  it('picks the encoding from Accept-Encoding with its q-values', () => {
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('')).toBeUndefined();
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('GZIP')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('br; q=0 , gzip ; q=0')).toBeUndefined();
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('br;q=abc')).toBeUndefined();
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
