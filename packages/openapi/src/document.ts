import * as z from 'zod';
import { type Operation, operations } from './operations.ts';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema (2020-12, OpenAPI 3.1's dialect), as a client sends it (`io: input`). */
export function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest as JsonSchema;
}

/** `in: path|query|header` parameters from an object schema's properties. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header'): JsonSchema[] {
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

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operationObject(operation: Operation): JsonSchema {
  const hasInput = Boolean(operation.path_ ?? operation.query ?? operation.headers ?? operation.body);
  const responses: Record<string, unknown> = {
    [operation.success.status]: {
      description: operation.success.description,
      ...(operation.success.body
        ? { content: { 'application/json': { schema: jsonSchema(operation.success.body) } } }
        : {}),
    },
  };
  if (hasInput) responses[400] = problem('Invalid input; `errors` lists each failing field');
  if (operation.body) responses[413] = problem('The body is over 64 KB (65,536 bytes)');
  if (operation.body) responses[415] = problem('The body is not JSON');
  if (operation.auth !== 'public')
    responses[401] = problem('Missing, expired, forged or wrong-audience token');
  if (operation.auth === 'admin' || operation.path === '/orders')
    responses[403] = problem('Lacking the admin role');
  for (const [status, description] of Object.entries(operation.errors ?? {}))
    responses[status] = problem(description);
  responses[429] = problem('Too many requests');
  const params = [
    ...parameters(operation.path_, 'path'),
    ...parameters(operation.query, 'query'),
    ...parameters(operation.headers, 'header'),
  ];
  return {
    operationId: operationId(operation),
    summary: operation.summary,
    tags: [operation.service],
    ...(operation.auth === 'public' ? { security: [] } : {}),
    ...(operation.auth === 'admin' ? { 'x-shop-role': 'admin' } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(operation.body) } },
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

/** The OpenAPI 3.1 document of the shop's HTTP API. */
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
        'Generated from the zod schemas the handlers validate with (`npm run openapi`).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(list.map((operation) => operation.service))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        cognitoAccessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito access token (POST /auth/login); admins are in the `admin` group.',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              maxItems: 20,
              description: 'At most 20; the detail says how many more failed.',
              items: {
                type: 'object',
                properties: {
                  field: { type: 'string', maxLength: 100 },
                  message: { type: 'string', maxLength: 200 },
                },
              },
            },
          },
        },
      },
    },
    security: [{ cognitoAccessToken: [] }],
  };
}
