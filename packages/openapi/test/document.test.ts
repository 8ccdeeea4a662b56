import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { operations } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { compressedDocument } from '../src/compressed.ts';
import { openApiDocument } from '../src/document.ts';
import { documentFile } from '../src/write.ts';

type Document = { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };

describe('the OpenAPI document', () => {
  const document = openApiDocument() as Document;

  it('is OpenAPI 3.1 with one operation per route', () => {
    expect(document.openapi).toBe('3.1.0');
    const count = Object.values(document.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
    expect(count).toBe(operations.length);
    expect(new Set(operations.map((o) => `${o.method} ${o.path}`)).size).toBe(operations.length);
  });

  it('is committed as generated (run `npm run openapi` after changing a route or a schema)', () => {
    expect(JSON.parse(readFileSync(documentFile, 'utf8'))).toEqual(document);
  });

  it('is committed compressed as generated too: the copy the apiDocs function serves', () => {
    const unpacked = brotliDecompressSync(Buffer.from(compressedDocument, 'base64')).toString('utf8');
    expect(JSON.parse(unpacked)).toEqual(document);
  });

  it('is generated from @shop/contracts alone: no package imports a service', () => {
    const packagesDir = join(import.meta.dirname, '..', '..');
    const sources = readdirSync(packagesDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => /^[^/]+\/src\/.*\.ts$/.test(file))
      .filter((file) => !file.includes('node_modules'));
    expect(sources).toContain('openapi/src/document.ts');
    const offenders = sources.filter((file) =>
      /from '[^']*services\//.test(readFileSync(join(packagesDir, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('describes the checkout body from the handler schema: unknown fields refused, address optional (v1.1)', () => {
    const checkout = document.paths['/cart/checkout']?.post as {
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
      parameters: Array<{ name: string; in: string; required: boolean }>;
    };
    const schema = checkout.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    // v1.1: the address may come from the cart (PUT /cart/delivery); the payment method has a default.
    expect(schema.required ?? []).not.toContain('shippingAddress');
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining(['shippingAddress', 'shippingOptionId', 'paymentMethod']),
    );
    expect(checkout.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
  });

  it('documents 304, ETag and If-None-Match on the cacheable catalog reads only, Cache-Control everywhere', () => {
    type Operation = {
      parameters?: Array<{ $ref?: string }>;
      responses: Record<string, { headers?: Record<string, unknown>; content?: unknown; $ref?: string }>;
    };
    const cacheablePaths = ['/products', '/products/facets', '/products/{productId}'];
    const cacheable = cacheablePaths.map((path) => document.paths[path]?.get as Operation);
    for (const operation of cacheable) {
      expect(operation.responses['304']).toMatchObject({ headers: { ETag: expect.anything() } });
      expect(operation.responses['304']?.content).toBeUndefined();
      expect(Object.keys(operation.responses['200']?.headers ?? {})).toEqual(
        expect.arrayContaining(['ETag', 'Cache-Control']),
      );
      expect(operation.parameters).toContainEqual({ $ref: '#/components/parameters/If-None-Match' });
    }
    const others = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => !(method === 'get' && cacheablePaths.includes(path)))
        .map(([, operation]) => operation as Operation),
    );
    expect(others.length).toBe(operations.length - cacheablePaths.length);
    for (const operation of others) {
      expect(operation.responses['304']).toBeUndefined();
      for (const response of Object.values(operation.responses).filter((answer) => !answer.$ref)) {
        expect(response.headers).toHaveProperty('Cache-Control');
        expect(response.headers).not.toHaveProperty('ETag');
      }
    }
  });

  it('marks public routes as needing no token and the others as needing one', () => {
    expect(document.paths['/products']?.get?.security).toEqual([]);
    expect(document.paths['/cart']?.get?.security).toBeUndefined();
    expect(document.paths['/cart']?.get?.responses).toHaveProperty('401');
  });

  it('documents path parameters of every templated path', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      for (const operation of Object.values(item)) {
        const inPath = ((operation.parameters ?? []) as Array<{ name: string; in: string }>)
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);
        expect(inPath.sort()).toEqual(names.sort());
      }
    }
  });
});
