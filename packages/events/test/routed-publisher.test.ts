import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createEvent, defineEvent, recordingEventPublisher, routedEventPublisher } from '../src/index.ts';

const stockReleaseRequested = defineEvent('StockReleaseRequested', 1, z.object({ orderId: z.string() }));
const orderCancelled = defineEvent('OrderCancelled', 1, z.object({ orderId: z.string() }));

describe('routedEventPublisher', () => {
  it('delivers an event of a routed type to its route and every other type to the fallback', async () => {
    const queue = recordingEventPublisher();
    const topic = recordingEventPublisher();
    const publisher = routedEventPublisher({ StockReleaseRequested: queue }, topic);
    const request = createEvent(stockReleaseRequested, { orderId: 'o-1' }, { source: 'orders' });
    const fact = createEvent(orderCancelled, { orderId: 'o-1' }, { source: 'orders' });

    await publisher.publish(stockReleaseRequested, request);
    await publisher.publish(orderCancelled, fact);

    expect(queue.published).toEqual([request]);
    expect(topic.published).toEqual([fact]);
  });

  it('never routes by an inherited property name such as `constructor`', async () => {
    const topic = recordingEventPublisher();
    const constructorEvent = defineEvent('Constructor', 1, z.object({}));
    const publisher = routedEventPublisher({}, topic);

    await publisher.publish(constructorEvent, createEvent(constructorEvent, {}, { source: 'orders' }));

    expect(topic.published).toHaveLength(1);
  });

  it('passes a failed delivery on to the caller, so an outbox keeps the event pending', async () => {
    const failing = {
      publish: async () => {
        throw new Error('queue unavailable');
      },
    };
    const publisher = routedEventPublisher({ StockReleaseRequested: failing }, recordingEventPublisher());
    const request = createEvent(stockReleaseRequested, { orderId: 'o-2' }, { source: 'orders' });

    await expect(publisher.publish(stockReleaseRequested, request)).rejects.toThrow('queue unavailable');
  });
});
