// Holds every answer the acceptance suite receives to the HTTP contract (`@shop/contracts`): the
// operation is found by method and path template, the status picks the documented response (the
// success or a problem), and the body must match its schema exactly, at every level.
import { type Operation, operations, responsesOf } from '@shop/contracts';
import * as z from 'zod/mini';

type Def = Record<string, unknown> & { type: string };
const defOf = (schema: z.ZodMiniType) => schema._zod.def as unknown as Def;
const clone = (schema: z.ZodMiniType, changes: Record<string, unknown>) =>
  schema.clone({ ...defOf(schema), ...changes } as never);

// Kinds that hold no other schema: taken as they are.
const LEAVES = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'date',
  'null',
  'undefined',
  'literal',
  'enum',
  'template_literal',
  'unknown',
  'any',
  'never',
  'nan',
  'custom',
]);
// Kinds that wrap one schema in `innerType`.
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

const strictViews = new WeakMap<z.ZodMiniType, z.ZodMiniType>();

/**
 * The schema with every object made strict (an undeclared key fails), at every level, bounds and
 * refinements kept. The shop's response schemas are not strict themselves: API.md lets fields be
 * added, and clients must ignore them; but the shop's own answers must carry exactly what is
 * documented. An object declared open on purpose (`z.looseObject`, e.g. the OpenAPI document)
 * stays open. A kind of schema this does not know is refused rather than checked loosely.
 */
export function strictView(schema: z.ZodMiniType): z.ZodMiniType {
  const known = strictViews.get(schema);
  if (known) return known;
  const def = defOf(schema);
  let view: z.ZodMiniType;
  if (LEAVES.has(def.type)) view = schema;
  else if (WRAPPERS.has(def.type))
    view = clone(schema, { innerType: strictView(def.innerType as z.ZodMiniType) });
  else if (def.type === 'object') {
    const shape = Object.fromEntries(
      Object.entries((schema as z.ZodMiniObject).shape).map(([key, value]) => [
        key,
        strictView(value as z.ZodMiniType),
      ]),
    );
    const open = def.catchall !== undefined && defOf(def.catchall as z.ZodMiniType).type !== 'never';
    view = clone(schema, { shape, catchall: open ? def.catchall : z.never() });
  } else if (def.type === 'array')
    view = clone(schema, { element: strictView(def.element as z.ZodMiniType) });
  else if (def.type === 'union')
    view = clone(schema, { options: (def.options as z.ZodMiniType[]).map(strictView) });
  else if (def.type === 'intersection')
    view = clone(schema, {
      left: strictView(def.left as z.ZodMiniType),
      right: strictView(def.right as z.ZodMiniType),
    });
  else if (def.type === 'record')
    view = clone(schema, { valueType: strictView(def.valueType as z.ZodMiniType) });
  else if (def.type === 'pipe')
    view = clone(schema, {
      in: strictView(def.in as z.ZodMiniType),
      out: strictView(def.out as z.ZodMiniType),
    });
  else throw new Error(`strictView: a ${def.type} schema cannot be checked strictly`);
  strictViews.set(schema, view);
  return view;
}

const pathPattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);

/** The operation of the contract a request is for: method and path (no query), literal paths before templates. */
export function operationFor(
  method: string,
  path: string,
  list: readonly Operation[] = operations,
): Operation | undefined {
  const pathname = path.split('?')[0] ?? path;
  const candidates = list.filter(
    (operation) => operation.method === method.toUpperCase() && pathPattern(operation.path).test(pathname),
  );
  const templated = (operation: Operation) => (operation.path.match(/\{/g) ?? []).length;
  return candidates.sort((a, b) => templated(a) - templated(b))[0];
}

/** One request and the answer it got, as the client saw them. */
export interface Exchange {
  method: string;
  /** As requested: path and query. */
  path: string;
  status: number;
  contentType: string | null;
  text: string;
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

/** How the answer differs from the contract; empty when it is exactly a documented answer. */
export function contractViolations(exchange: Exchange, list: readonly Operation[] = operations): string[] {
  const { method, path, status, text } = exchange;
  const operation = operationFor(method, path, list);
  if (!operation) return [`${method} ${path.split('?')[0]} is no operation of the contract`];
  const route = `${operation.method} ${operation.path}`;
  const responses = responsesOf(operation);
  const documented = responses.find((response) => response.status === status);
  if (!documented)
    return [
      `${route} answered ${status}, which the contract does not document (${responses.map((r) => r.status).join(', ')})`,
    ];
  const mediaTypes = Object.keys(documented.content);
  if (mediaTypes.length === 0)
    return text === ''
      ? []
      : [`${route} ${status} is documented without a body, but one came: ${text.slice(0, 200)}`];
  const mediaType = (exchange.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const schema = documented.content[mediaType];
  if (!schema)
    return [
      `${route} ${status} came as "${exchange.contentType ?? 'no content type'}", documented as ${mediaTypes.join(' or ')}`,
    ];
  let body: unknown = text;
  if (isJson(mediaType)) {
    try {
      body = JSON.parse(text);
    } catch {
      return [`${route} ${status} is not the JSON its content type says: ${text.slice(0, 200)}`];
    }
  }
  const result = strictView(schema).safeParse(body);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) =>
      `${route} ${status} body${issue.path.map((key) => `.${String(key)}`).join('')}: ${issue.message}`,
  );
}
