import type { EventDefinition, EventEnvelope, EventOf } from './envelope.ts';

/** Publishes events to the other services. */
export interface EventPublisher {
  publish<D extends EventDefinition>(definition: D, event: EventOf<D>): Promise<void>;
}

/** SNS and SQS message attributes (both take this shape). */
export type MessageAttributes = Record<
  'type' | 'version' | 'source',
  { DataType: 'String' | 'Number'; StringValue: string }
>;

/** An event's message attributes, the same on SNS and SQS: what filter policies match on. */
export function messageAttributes(event: EventEnvelope): MessageAttributes {
  return {
    type: { DataType: 'String', StringValue: event.type },
    version: { DataType: 'Number', StringValue: String(event.version) },
    source: { DataType: 'String', StringValue: event.source },
  };
}

/**
 * A publisher that checks each event against its definition, refusing what no consumer could read,
 * then hands its JSON envelope and message attributes to `send` (an SNS publish, an SQS send).
 */
export function envelopePublisher(
  send: (message: { body: string; attributes: MessageAttributes }) => Promise<unknown>,
): EventPublisher {
  return {
    async publish(definition, event) {
      const checked = definition.envelope.parse(event);
      await send({ body: JSON.stringify(checked), attributes: messageAttributes(checked) });
    },
  };
}

/** An in-memory publisher for unit tests: it validates like the SNS one and keeps what was published. */
export function recordingEventPublisher(): EventPublisher & { published: EventEnvelope[] } {
  const published: EventEnvelope[] = [];
  return {
    published,
    async publish(definition, event) {
      published.push(definition.envelope.parse(event));
    },
  };
}
