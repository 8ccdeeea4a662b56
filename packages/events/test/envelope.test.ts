import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import {
  createEvent,
  defineEvent,
  type EventOf,
  eventEnvelope,
  MalformedEventError,
  parseEvent,
  recordingEventPublisher,
} from '../src/index.ts';

const orderConfirmed = defineEvent(
  'OrderConfirmed',
  1,
  z.object({ orderId: z.string(), total: z.number().check(z.int()) }),
);
const orderShipped = defineEvent('OrderShipped', 1, z.object({ orderId: z.string() }));

describe('createEvent', () => {
  it('wraps data in a valid envelope with a fresh id and timestamp', () => {
    const event = createEvent(orderConfirmed, { orderId: 'o1', total: 1999 }, { source: 'orders' });
    expectTypeOf(event.type).toEqualTypeOf<'OrderConfirmed'>();
    expectTypeOf(event.data.total).toEqualTypeOf<number>();
    expect(eventEnvelope.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'OrderConfirmed',
      version: 1,
      source: 'orders',
      data: { orderId: 'o1' },
    });
    expect(event.correlationId).toBe(event.id);
    const next = createEvent(
      orderConfirmed,
      { orderId: 'o1', total: 1 },
      { source: 'orders', correlationId: 'c1' },
    );
    expect(next.id).not.toBe(event.id);
    expect(next.correlationId).toBe('c1');
  });

  it('refuses data that does not match the definition', () => {
    expect(() =>
      createEvent(orderConfirmed, { orderId: 'o1', total: 'lots' } as never, { source: 'orders' }),
    ).toThrow();
  });

  it("names what is wrong in zod's English words, which a log of the failure shows", () => {
    const result = orderConfirmed.envelope.safeParse({
      ...createEvent(orderConfirmed, { orderId: 'o1', total: 1 }, { source: 'orders' }),
      data: { orderId: 'o1', total: 'lots' },
    });
    expect(result.error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ['data', 'total'], message: 'Invalid input: expected number, received string' },
    ]);
  });
});

describe('parseEvent', () => {
  const events = [orderConfirmed, orderShipped];
  const valid = createEvent(orderShipped, { orderId: 'o2' }, { source: 'orders' });

  it('reads a raw envelope and an SNS-wrapped one alike', () => {
    const raw = parseEvent(events, JSON.stringify(valid));
    const wrapped = parseEvent(
      events,
      JSON.stringify({ Type: 'Notification', Message: JSON.stringify(valid) }),
    );
    expect(raw).toEqual(valid);
    expect(wrapped).toEqual(valid);
    expectTypeOf(raw).toEqualTypeOf<EventOf<typeof orderConfirmed> | EventOf<typeof orderShipped>>();
  });

  it.each([
    ['bad JSON', '{"id":'],
    ['no envelope', JSON.stringify({ hello: 'world' })],
    ['an unknown type', JSON.stringify({ ...valid, type: 'OrderLost' })],
    ['an unknown version', JSON.stringify({ ...valid, version: 2 })],
    ['bad data', JSON.stringify({ ...valid, data: { orderId: 42 } })],
  ])('refuses %s as malformed', (_, body) => {
    expect(() => parseEvent(events, body)).toThrow(MalformedEventError);
  });
});

describe('recordingEventPublisher', () => {
  it('keeps valid events and refuses invalid ones', async () => {
    const publisher = recordingEventPublisher();
    const event = createEvent(orderShipped, { orderId: 'o3' }, { source: 'orders' });
    await publisher.publish(orderShipped, event);
    expect(publisher.published).toEqual([event]);
    await expect(publisher.publish(orderShipped, { ...event, data: {} } as never)).rejects.toThrow();
  });
});
