import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AWS API call a shop service made, as seen by the counting proxy in front of the emulator. */
export interface AwsCall {
  /** The shop service whose functions made the call (one proxy port per service). */
  service: string;
  /** AWS service from the SigV4 credential scope (`dynamodb`, `sqs`, `sns`, `ses`, ...), or `jwks`. */
  api: string;
  /** `PutItem`, `SendMessage`, `Publish`, ...; from X-Amz-Target, the query `Action`, or method and path. */
  action: string;
  status: number;
  /** When the answer came back (ms, performance.now() of this process). */
  at: number;
  requestBody: string;
  responseBody: string;
}

export interface CountingProxy {
  /** For `startLocalShop({ awsEndpointFor })`: a proxy port per service, all forwarding to the emulator. */
  endpointFor(service: string, emulatorEndpoint: string): Promise<string>;
  /** Every call since the start (or the last `reset`), in the order the answers came back. */
  readonly calls: AwsCall[];
  /** performance.now() of the last call answered; for waiting until the shop is idle. */
  readonly lastCallAt: number;
  onCall(listener: (call: AwsCall) => void): void;
  reset(): void;
  close(): Promise<void>;
}

function classify(
  headers: Record<string, string | string[] | undefined>,
  method: string,
  path: string,
  body: string,
) {
  const authorization = String(headers.authorization ?? '');
  const scope = /Credential=[^/]+\/\d{8}\/[\w-]+\/([\w-]+)\/aws4_request/.exec(authorization);
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) {
    return {
      api: scope?.[1] ?? target.split('.')[0] ?? 'unknown',
      action: target.split('.').pop() as string,
    };
  }
  const form = String(headers['content-type'] ?? '').includes('x-www-form-urlencoded')
    ? new URLSearchParams(body).get('Action')
    : null;
  if (form) return { api: scope?.[1] ?? 'unknown', action: form };
  if (path.includes('/.well-known/jwks.json')) return { api: 'jwks', action: 'GET jwks.json' };
  return { api: scope?.[1] ?? 'unknown', action: `${method} ${path.split('?')[0]}` };
}

/** Starts one counting HTTP proxy per shop service (lazily, on first ask), each forwarding to the emulator. */
export function startCountingProxy(): CountingProxy {
  const servers: Server[] = [];
  const listeners: Array<(call: AwsCall) => void> = [];
  const state = { calls: [] as AwsCall[], lastCallAt: performance.now() };

  const serve = (service: string, emulator: URL) =>
    new Promise<string>((resolve) => {
      const server = createServer((incoming, outgoing) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const requestBody = Buffer.concat(chunks);
          const forwarded = request(
            {
              host: emulator.hostname,
              port: emulator.port,
              method: incoming.method,
              path: incoming.url,
              headers: incoming.headers,
            },
            (answer) => {
              const answerChunks: Buffer[] = [];
              answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
              answer.on('end', () => {
                const responseBody = Buffer.concat(answerChunks);
                const text = requestBody.toString('utf8');
                const call: AwsCall = {
                  service,
                  ...classify(incoming.headers, incoming.method ?? 'GET', incoming.url ?? '/', text),
                  status: answer.statusCode ?? 0,
                  at: performance.now(),
                  requestBody: text,
                  responseBody: responseBody.toString('utf8'),
                };
                state.calls.push(call);
                state.lastCallAt = call.at;
                for (const listener of listeners) listener(call);
                outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
                outgoing.end(responseBody);
              });
            },
          );
          forwarded.on('error', (error) => {
            outgoing.writeHead(502);
            outgoing.end(String(error));
          });
          forwarded.end(requestBody);
        });
      });
      server.keepAliveTimeout = 5000;
      servers.push(server);
      server.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      );
    });

  return {
    endpointFor: (service, emulatorEndpoint) => serve(service, new URL(emulatorEndpoint)),
    get calls() {
      return state.calls;
    },
    get lastCallAt() {
      return state.lastCallAt;
    },
    onCall: (listener) => {
      listeners.push(listener);
    },
    reset: () => {
      state.calls = [];
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

type AttributeValue = Record<string, unknown>;

/** DynamoDB's item size rule: attribute name bytes plus value bytes (numbers ~1 byte per 2 digits + 1). */
export function itemBytes(item: Record<string, AttributeValue> | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

function valueBytes(value: AttributeValue): number {
  const [type, inner] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N':
      return Math.ceil(String(inner).replace(/^-|\./g, '').length / 2) + 1;
    case 'B':
      return Math.ceil((String(inner).length * 3) / 4);
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
    case 'NS':
    case 'BS':
      return (inner as string[]).reduce((sum, member) => sum + Buffer.byteLength(member), 0);
    case 'L':
      return 3 + (inner as AttributeValue[]).reduce((sum, member) => sum + 1 + valueBytes(member), 0);
    case 'M':
      return 3 + itemBytes(inner as Record<string, AttributeValue>) + Object.keys(inner as object).length;
    default:
      return 0;
  }
}

type Bodies = { request: Record<string, unknown>; answer: Record<string, unknown> };
const parsed = new WeakMap<AwsCall, Bodies | null>();

/** A DynamoDB call's request and answer as JSON, parsed once however many counters read them; null if not JSON. */
function bodiesOf(call: AwsCall): Bodies | null {
  let bodies = parsed.get(call);
  if (bodies === undefined) {
    try {
      bodies = {
        request: JSON.parse(call.requestBody || '{}'),
        answer: JSON.parse(call.responseBody || '{}'),
      };
    } catch {
      bodies = null;
    }
    parsed.set(call, bodies);
  }
  return bodies;
}

/** Read and write request units of one DynamoDB call on an on-demand table, from its request and answer. */
export function requestUnits(call: AwsCall): { rru: number; wru: number } {
  if (call.api !== 'dynamodb') return { rru: 0, wru: 0 };
  // a non-JSON answer (an emulator error page): counted as one unit below
  const { request, answer } = bodiesOf(call) ?? { request: {}, answer: {} };
  const readFactor = request.ConsistentRead === true ? 1 : 0.5;
  const reads = (bytes: number, factor: number) => Math.max(1, Math.ceil(bytes / 4096)) * factor;
  const writes = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  const items = (list: unknown) => (Array.isArray(list) ? (list as Record<string, AttributeValue>[]) : []);
  switch (call.action) {
    case 'GetItem':
      return { rru: reads(itemBytes(answer.Item as Record<string, AttributeValue>), readFactor), wru: 0 };
    case 'Query':
    case 'Scan':
      return {
        rru: reads(
          items(answer.Items).reduce((sum, item) => sum + itemBytes(item), 0),
          readFactor,
        ),
        wru: 0,
      };
    case 'BatchGetItem': {
      const responses = Object.values((answer.Responses as Record<string, unknown[]>) ?? {}).flat();
      return {
        rru: items(responses).reduce((sum, item) => sum + reads(itemBytes(item), readFactor), 0),
        wru: 0,
      };
    }
    case 'TransactGetItems':
      return {
        rru: items((answer.Responses as Array<{ Item?: unknown }>)?.map((r) => r.Item ?? {})).reduce(
          (sum, item) => sum + reads(itemBytes(item), 2),
          0,
        ),
        wru: 0,
      };
    case 'PutItem':
      return { rru: 0, wru: writes(itemBytes(request.Item as Record<string, AttributeValue>)) };
    case 'UpdateItem':
    case 'DeleteItem':
      // The item's size before/after is not in the call; assumed at most 1 KB.
      return { rru: 0, wru: 1 };
    case 'BatchWriteItem': {
      const writesOf = Object.values(
        (request.RequestItems as Record<string, unknown[]>) ?? {},
      ).flat() as Array<{
        PutRequest?: { Item: Record<string, AttributeValue> };
      }>;
      return { rru: 0, wru: writesOf.reduce((sum, w) => sum + writes(itemBytes(w.PutRequest?.Item)), 0) };
    }
    case 'TransactWriteItems': {
      const transactItems = (request.TransactItems ?? []) as Array<{
        Put?: { Item: Record<string, AttributeValue> };
      }>;
      // Transactional writes cost twice; Update/Delete/ConditionCheck items assumed at most 1 KB.
      return {
        rru: 0,
        wru: transactItems.reduce((sum, t) => sum + 2 * (t.Put ? writes(itemBytes(t.Put.Item)) : 1), 0),
      };
    }
    default:
      return { rru: 0, wru: 0 };
  }
}

/** A table's global secondary index as serverless.yml declares it: what a write to the table also writes. */
export interface TableIndex {
  name: string;
  keys: string[];
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  include?: string[];
}

/** One DynamoDB write, priced: the table's units and the units its GSIs take on top. */
export interface WriteUnits {
  service: string;
  action: string;
  table: string;
  /** What was written (`Put`, `Update`, ...), one per item of a transaction or batch. */
  kind: string;
  /** Bytes of the item as far as known (the request's item; for an update, the item as last seen). */
  bytes: number;
  units: number;
  /** GSI write units: each index whose keys or projected attributes the write changes. */
  indexUnits: number;
  transactional: boolean;
}

const wru = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

// The attribute names an UpdateExpression sets, adds or removes (placeholders resolved).
function updatedAttributes(expression: string, names: Record<string, string>): string[] {
  const withoutValues = expression.replace(/:[\w]+/g, ' ');
  const tokens = withoutValues.match(/#?[A-Za-z_][\w]*/g) ?? [];
  const keywords = new Set(['SET', 'REMOVE', 'ADD', 'DELETE', 'if_not_exists', 'list_append']);
  return [...new Set(tokens.filter((token) => !keywords.has(token)).map((token) => names[token] ?? token))];
}

function projectedBytes(
  index: TableIndex,
  item: Record<string, AttributeValue>,
  tableKeys: string[],
): number {
  if (index.projection === 'ALL') return itemBytes(item);
  const kept = new Set([...index.keys, ...tableKeys, ...(index.include ?? [])]);
  return itemBytes(Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name))));
}

/**
 * Prices every DynamoDB write of a run, GSI write amplification included: a Put writes each index
 * whose keys the item has (the projected bytes); an Update writes an index the item is in (it has the
 * index's keys, as last seen) whose projected attributes it changes (ALL: any; INCLUDE: the listed;
 * KEYS_ONLY: none), and twice (delete + put) when it changes the index's key; a Delete removes from each index. Item sizes of updates come from the last Put or GetItem
 * of the same item seen in the run (else 1 KB at most). Transactions double the table's units; their
 * GSI writes are counted once (assumed: AWS prices the index propagation as standard writes). A write
 * whose condition failed costs its table units (DynamoDB charges it) and no index writes.
 */
export function writeUnitsCounter(
  tables: Map<string, { keys: string[]; indexes: TableIndex[] }>,
): (call: AwsCall) => WriteUnits[] {
  const knownItems = new Map<string, Record<string, AttributeValue>>();
  const keyOf = (table: string, item: Record<string, AttributeValue>) => {
    const keys = tables.get(table)?.keys ?? Object.keys(item).slice(0, 1);
    return `${table}|${keys.map((key) => JSON.stringify(item[key] ?? null)).join('|')}`;
  };
  return (call) => {
    if (call.api !== 'dynamodb') return [];
    const bodies = bodiesOf(call);
    if (!bodies) return [];
    const { request, answer } = bodies;
    const succeeded = call.status === 200;
    if (call.action === 'GetItem' && answer.Item)
      knownItems.set(
        keyOf(String(request.TableName), answer.Item as Record<string, AttributeValue>),
        answer.Item as Record<string, AttributeValue>,
      );
    const price = (
      kind: string,
      table: string,
      body: Record<string, unknown>,
      transactional: boolean,
    ): WriteUnits => {
      const definition = tables.get(table);
      const factor = transactional ? 2 : 1;
      let bytes = 0;
      let indexUnits = 0;
      if (kind === 'Put') {
        const item = body.Item as Record<string, AttributeValue>;
        const before = knownItems.get(keyOf(table, item));
        bytes = Math.max(itemBytes(item), itemBytes(before));
        if (succeeded) {
          knownItems.set(keyOf(table, item), item);
          for (const index of definition?.indexes ?? []) {
            const inNew = index.keys.every((key) => item[key] !== undefined);
            const inOld = before !== undefined && index.keys.every((key) => before[key] !== undefined);
            if (inNew) indexUnits += wru(projectedBytes(index, item, definition?.keys ?? []));
            const keyChanged =
              inOld && index.keys.some((key) => JSON.stringify(before?.[key]) !== JSON.stringify(item[key]));
            if ((inOld && !inNew) || keyChanged) indexUnits += 1;
          }
        }
      } else if (kind === 'Update' || kind === 'Delete' || kind === 'ConditionCheck') {
        const key = body.Key as Record<string, AttributeValue>;
        const known = knownItems.get(keyOf(table, key));
        bytes = itemBytes(known) || 1024;
        if (succeeded && kind !== 'ConditionCheck') {
          const touched =
            kind === 'Delete'
              ? Object.keys(known ?? {})
              : updatedAttributes(
                  String(body.UpdateExpression ?? ''),
                  (body.ExpressionAttributeNames as Record<string, string>) ?? {},
                );
          for (const index of definition?.indexes ?? []) {
            // A sparse index holds only items with its keys: one the item lacks (and the update does
            // not set) is not written, whatever the update changes.
            const outside = known && !index.keys.every((name) => known[name] !== undefined);
            if (outside && (kind === 'Delete' || !touched.some((name) => index.keys.includes(name))))
              continue;
            const projected =
              index.projection === 'ALL'
                ? touched
                : touched.filter((name) => index.keys.includes(name) || index.include?.includes(name));
            if (kind === 'Delete') indexUnits += 1;
            else if (touched.some((name) => index.keys.includes(name))) indexUnits += 2;
            else if (projected.length > 0)
              indexUnits += wru(known ? projectedBytes(index, known, definition?.keys ?? []) : 1024);
          }
        }
      }
      return {
        service: call.service,
        action: call.action,
        table,
        kind,
        bytes,
        units: factor * wru(bytes),
        indexUnits,
        transactional,
      };
    };
    switch (call.action) {
      case 'PutItem':
        return [price('Put', String(request.TableName), request, false)];
      case 'UpdateItem':
        return [price('Update', String(request.TableName), request, false)];
      case 'DeleteItem':
        return [price('Delete', String(request.TableName), request, false)];
      case 'TransactWriteItems':
        return ((request.TransactItems ?? []) as Array<Record<string, Record<string, unknown>>>).map(
          (entry) => {
            const [kind, body] = Object.entries(entry)[0] as [string, Record<string, unknown>];
            return price(kind, String(body.TableName), body, true);
          },
        );
      case 'BatchWriteItem':
        return Object.entries(
          (request.RequestItems ?? {}) as Record<
            string,
            Array<Record<string, { Item?: unknown; Key?: unknown }>>
          >,
        ).flatMap(([table, requests]) =>
          requests.map((entry) =>
            entry.PutRequest
              ? price('Put', table, entry.PutRequest as Record<string, unknown>, false)
              : price('Delete', table, (entry.DeleteRequest ?? {}) as Record<string, unknown>, false),
          ),
        );
      default:
        return [];
    }
  };
}
