import type { EventPublisher } from './publisher.ts';

/**
 * Delivers each event by its type: to `byType[type]` when there is one, else to `fallback`. Lets one
 * outbox feed several destinations (its own topic for facts, another service's queue for requests).
 */
export function routedEventPublisher(
  byType: Readonly<Record<string, EventPublisher>>,
  fallback: EventPublisher,
): EventPublisher {
  return {
    publish(definition, event) {
      const target = Object.hasOwn(byType, definition.type) ? byType[definition.type] : undefined;
      return (target ?? fallback).publish(definition, event);
    },
  };
}
