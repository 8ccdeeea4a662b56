import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { createEvent, defineEvent, envelopePublisher, messageAttributes } from '../src/index.ts';

const stockReserved = defineEvent('StockReserved', 2, z.object({ orderId: z.string() }));

describe('messageAttributes', () => {
  it('names the type, version and source of an event as SNS and SQS take them', () => {
    const event = createEvent(stockReserved, { orderId: 'o-1' }, { source: 'products' });

    expect(messageAttributes(event)).toEqual({
      type: { DataType: 'String', StringValue: 'StockReserved' },
      version: { DataType: 'Number', StringValue: '2' },
      source: { DataType: 'String', StringValue: 'products' },
    });
  });
});

describe('envelopePublisher', () => {
  it('hands on the envelope as JSON with its attributes', async () => {
    const send = vi.fn(async () => undefined);
    const event = createEvent(
      stockReserved,
      { orderId: 'o-1' },
      { source: 'products', correlationId: 'c-1' },
    );

    await envelopePublisher(send).publish(stockReserved, event);

    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ body: JSON.stringify(event), attributes: messageAttributes(event) });
  });

  it('sends nothing for an event that does not match its definition', async () => {
    const send = vi.fn(async () => undefined);
    const event = createEvent(stockReserved, { orderId: 'o-1' }, { source: 'products' });
    const forged = { ...event, data: { orderId: 7 } } as unknown as typeof event;

    await expect(envelopePublisher(send).publish(stockReserved, forged)).rejects.toThrow();

    expect(send).not.toHaveBeenCalled();
  });
});
