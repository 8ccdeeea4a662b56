import { randomUUID } from 'node:crypto';
import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale: without English a malformed event's logged issues would all read "Invalid input".
if (!z.config().localeError) z.config(en());

/** The envelope every event between services travels in; `id` is what consumers deduplicate on. */
export const eventEnvelope = z.object({
  id: z.string().check(z.minLength(1)),
  /** A past-tense fact in PascalCase, e.g. `OrderConfirmed`. */
  type: z.string().check(z.regex(/^[A-Z][A-Za-z0-9]*$/)),
  /** Bumped on a breaking change to `data`. */
  version: z.number().check(z.int(), z.minimum(1)),
  /** The service that published it, e.g. `orders`. */
  source: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().check(z.minLength(1)),
  data: z.unknown(),
});

/** An event of type T carrying data D. */
export type EventEnvelope<T extends string = string, D = unknown> = Omit<
  z.infer<typeof eventEnvelope>,
  'type' | 'data'
> & { type: T; data: D };

/** One kind of event: its type, version and the schema of its data. */
export type EventDefinition<T extends string = string, S extends z.ZodMiniType = z.ZodMiniType> = {
  type: T;
  version: number;
  data: S;
  /** The whole envelope with this type, version and data schema. */
  envelope: z.ZodMiniType<EventEnvelope<T, z.output<S>>>;
};

/** The envelope type of a definition. */
export type EventOf<D extends EventDefinition> =
  D extends EventDefinition<infer T, infer S> ? EventEnvelope<T, z.output<S>> : never;

/** Declares one kind of event, e.g. `defineEvent('OrderConfirmed', 1, orderConfirmedData)`. */
export function defineEvent<const T extends string, S extends z.ZodMiniType>(
  type: T,
  version: number,
  data: S,
): EventDefinition<T, S> {
  const envelope = z.extend(eventEnvelope, { type: z.literal(type), version: z.literal(version), data });
  return { type, version, data, envelope: envelope as unknown as EventDefinition<T, S>['envelope'] };
}

/** Creates an event with a fresh id and the current time; throws if `data` does not match the definition. */
export function createEvent<D extends EventDefinition>(
  definition: D,
  data: z.input<D['data']>,
  meta: { source: string; correlationId?: string },
): EventOf<D> {
  const id = randomUUID();
  return definition.envelope.parse({
    id,
    type: definition.type,
    version: definition.version,
    source: meta.source,
    occurredAt: new Date().toISOString(),
    // An event with no cause upstream starts its own chain.
    correlationId: meta.correlationId ?? id,
    data,
  }) as EventOf<D>;
}
