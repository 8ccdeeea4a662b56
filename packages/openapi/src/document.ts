import {
  cart,
  type DocumentedResponse,
  gatewayError,
  type Operation,
  operations,
  order,
  problem,
  product,
  responsesOf,
  review,
} from '@shop/contracts';
import * as z from 'zod/mini';

type JsonSchema = Record<string, unknown>;

const INT32 = 2 ** 31;

/**
 * Gives every integer its OpenAPI `format`: int32 when its bounds fit, else int64 (every integer the
 * shop takes or answers is a JavaScript safe integer, which int64 holds).
 */
function withIntegerFormats(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withIntegerFormats);
  if (!schema || typeof schema !== 'object') return schema;
  const object = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, withIntegerFormats(value)]),
  ) as JsonSchema;
  if (object.type === 'integer' && object.format === undefined) {
    const { minimum, maximum } = object as { minimum?: number; maximum?: number };
    const fits = minimum !== undefined && maximum !== undefined && minimum >= -INT32 && maximum < INT32;
    object.format = fits ? 'int32' : 'int64';
  }
  return object;
}

/** A zod schema as JSON Schema (2020-12, OpenAPI 3.1's dialect), as a client sends it (`io: input`). */
export function jsonSchema(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return withIntegerFormats(rest) as JsonSchema;
}

/** `in: path|query|header` parameters from an object schema's properties. */
function parameters(schema: z.ZodMiniType | undefined, location: 'path' | 'query' | 'header'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...schemaOnly } = property;
    return {
      name: location === 'header' ? headerName(name) : name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: schemaOnly,
    };
  });
}

/** Header names are lower-case in the schemas (the normalizer lowers them); document them as clients write them. */
const headerName = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

// The two error bodies every route shares are components, referred to by each response; so are the
// bodies several routes answer whole (a product, an order, a cart, a review), written once: the
// document is served by a function whose bundle holds it (users' apiDocs, 120 KiB at most).
const components = new Map<z.ZodMiniType, string>([
  [problem, 'Problem'],
  [gatewayError, 'GatewayError'],
  [product, 'Product'],
  [order, 'Order'],
  [cart, 'Cart'],
  [review, 'Review'],
]);
const schemaOf = (body: z.ZodMiniType) => {
  const name = components.get(body);
  return name ? { $ref: `#/components/schemas/${name}` } : jsonSchema(body);
};

// Headers some answers carry; `Access-Control-Allow-Origin` and `Cache-Control` any answer may (see
// components.headers), `ETag` the answers of the cacheable public reads.
function headersOf(response: DocumentedResponse): Record<string, unknown> {
  const { status } = response;
  const headers: Record<string, unknown> = {
    'Access-Control-Allow-Origin': { $ref: '#/components/headers/Access-Control-Allow-Origin' },
    'Cache-Control': { $ref: '#/components/headers/Cache-Control' },
  };
  if (response.cacheable) headers.ETag = { $ref: '#/components/headers/ETag' };
  if (status === 401) headers['WWW-Authenticate'] = { $ref: '#/components/headers/WWW-Authenticate' };
  if (status === 429) headers['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
  return headers;
}

function responseObject(response: DocumentedResponse): JsonSchema {
  const content = Object.entries(response.content);
  return {
    description: response.description,
    headers: headersOf(response),
    ...(content.length > 0
      ? { content: Object.fromEntries(content.map(([type, body]) => [type, { schema: schemaOf(body) }])) }
      : {}),
  };
}

/** The answers many routes share, once each under components.responses, by name. */
function sharedResponses(list: Operation[]): Record<string, JsonSchema> {
  const shared = list.flatMap(responsesOf).filter((response) => response.shared);
  return Object.fromEntries(shared.map((response) => [response.shared, responseObject(response)]));
}

function operationObject(operation: Operation): JsonSchema {
  const { request = {} } = operation;
  const responses = Object.fromEntries(
    responsesOf(operation).map((response) => [
      response.status,
      response.shared ? { $ref: `#/components/responses/${response.shared}` } : responseObject(response),
    ]),
  );
  const params = [
    ...parameters(request.path, 'path'),
    ...parameters(request.query, 'query'),
    ...parameters(request.headers, 'header'),
    ...(operation.cacheable ? [{ $ref: '#/components/parameters/If-None-Match' }] : []),
    ...(operation.store ? [{ $ref: '#/components/parameters/X-Store-Id' }] : []),
  ];
  return {
    operationId: operationId(operation),
    summary: operation.summary,
    description: operation.description,
    tags: [operation.service],
    ...(operation.auth === 'public' ? { security: [] } : {}),
    ...(operation.auth === 'admin' ? { 'x-shop-role': 'admin' } : {}),
    ...(operation.auth === 'storeAdmin' ? { 'x-shop-role': 'store-admin' } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(request.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(request.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** `GET /products/{productId}` → `getProductsByProductId`: stable and unique per route. */
function operationId(operation: Operation): string {
  const words = operation.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `by-${segment.slice(1, -1)}` : segment))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [
    operation.method.toLowerCase(),
    ...words.map((word) => word[0]?.toUpperCase() + word.slice(1)),
  ].join('');
}

/** The OpenAPI 3.1 document of the shop's HTTP API, from `@shop/contracts` alone. */
export function openApiDocument(list: Operation[] = operations): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of list) {
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method.toLowerCase()]: operationObject(operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Serverless Shop API',
      version: '1.0.0',
      description:
        'One base URL per stage. Bodies are JSON; unknown body fields are refused (400). Errors are ' +
        'application/problem+json (RFC 9457). Money is integer minor units beside an ISO 4217 currency. ' +
        "Every route is throttled with the stage's rate and burst (API Gateway; 429 past them, retry later). " +
        'Generated from the zod schemas of `@shop/contracts`, which the handlers validate with (`npm run openapi`).',
      contact: { name: 'Serverless Shop API', url: 'https://shop.example/api' },
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description:
          "A stage's HTTP API (dev, staging, production: one per stage, printed by the deploy). Locally " +
          '`npm start` serves the same routes on http://127.0.0.1:3000.',
        'x-internal': false,
        variables: {
          apiId: { default: 'abcdef1234', description: "The stage's HttpApiId stack output" },
          region: { default: 'us-east-1', description: 'The AWS region the stage is deployed to' },
        },
      },
    ],
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(list.map((operation) => operation.service))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        cognitoAccessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito access token (POST /auth/login); admins are in the `admin` group. Every route that ' +
            'needs one verifies it itself as RFC8725 (JWT best current practices) asks: the signature must ' +
            "be by one of the user pool's keys (found by `kid`) with that key's algorithm (RS256; `none` is " +
            'refused), and issuer, audience (the app client), `token_use: access` and expiry are checked. ' +
            'Access tokens live 60 minutes; refresh tokens (30 days) rotate on POST /auth/refresh and are ' +
            'revoked by POST /auth/logout.',
        },
      },
      headers: {
        'Access-Control-Allow-Origin': {
          description:
            "The request's `Origin`, when it is one the stage allows (its storefront; `*` locally); absent otherwise.",
          schema: { type: 'string', format: 'uri', maxLength: 2048 },
        },
        'WWW-Authenticate': {
          description: 'The scheme to authenticate with.',
          schema: { type: 'string', const: 'Bearer' },
        },
        'Cache-Control': {
          description:
            "`no-store` on every answer but a cacheable public read's 200 and 304, which say `public, max-age=n, s-maxage=n`: n is the stage's catalogCacheSeconds (30), so a change is visible within n seconds.",
          schema: {
            type: 'string',
            pattern: '^(no-store|public, max-age=\\d+(, s-maxage=\\d+)?)$',
            maxLength: 100,
          },
        },
        ETag: {
          description:
            'A strong validator of the answer body (a hash of it): send it back as `If-None-Match` to get a 304 while nothing changed.',
          schema: { type: 'string', pattern: '^"[A-Za-z0-9_-]+"$', maxLength: 64 },
        },
        'Retry-After': {
          description:
            "Seconds to wait before retrying, on the shop's own 429 (a throttled dependency); API Gateway's throttle sends none.",
          schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 3600 },
        },
      },
      parameters: {
        'X-Store-Id': {
          name: 'X-Store-Id',
          in: 'header',
          required: false,
          description:
            'The store the request is for; without it, `main`. An unknown store is answered 404, a malformed id 400.',
          schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,31}$', maxLength: 32, default: 'main' },
        },
        'If-None-Match': {
          name: 'If-None-Match',
          in: 'header',
          required: false,
          description:
            'ETags of copies the client (or a cache) holds; when one is the current one the answer is 304 without a body.',
          schema: {
            type: 'string',
            pattern: '^(\\*|(W/)?"[^"]*"(\\s*,\\s*(W/)?"[^"]*")*)$',
            maxLength: 1024,
          },
        },
      },
      responses: sharedResponses(list),
      schemas: Object.fromEntries([...components].map(([schema, name]) => [name, jsonSchema(schema)])),
    },
    security: [{ cognitoAccessToken: [] }],
  };
}
