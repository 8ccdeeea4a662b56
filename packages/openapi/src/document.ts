import { type Operation, operations, problem, responsesOf } from '@shop/contracts';
import * as z from 'zod';

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

const schemaOf = (body: z.ZodType) =>
  body === problem ? { $ref: '#/components/schemas/Problem' } : jsonSchema(body);

function operationObject(operation: Operation): JsonSchema {
  const { request = {} } = operation;
  const responses = Object.fromEntries(
    responsesOf(operation).map((response) => {
      const content = Object.entries(response.content);
      return [
        response.status,
        {
          description: response.description,
          ...(content.length > 0
            ? {
                content: Object.fromEntries(
                  content.map(([type, body]) => [type, { schema: schemaOf(body) }]),
                ),
              }
            : {}),
        },
      ];
    }),
  );
  const params = [
    ...parameters(request.path, 'path'),
    ...parameters(request.query, 'query'),
    ...parameters(request.headers, 'header'),
  ];
  return {
    operationId: operationId(operation),
    summary: operation.summary,
    description: operation.description,
    tags: [operation.service],
    ...(operation.auth === 'public' ? { security: [] } : {}),
    ...(operation.auth === 'admin' ? { 'x-shop-role': 'admin' } : {}),
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
        'Generated from the zod schemas of `@shop/contracts`, which the handlers validate with (`npm run openapi`).',
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
      schemas: { Problem: jsonSchema(problem) },
    },
    security: [{ cognitoAccessToken: [] }],
  };
}
