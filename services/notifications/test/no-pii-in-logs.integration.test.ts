import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { sqsRecord, uniqueName, useEmulator } from '@shop/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTables, deliver, registration, serviceEnvironment, type Tables } from './support.ts';

// The sender is never verified here, so the emulator's SES refuses every email and names the address
// in its error, as SES in AWS names an unverified recipient.
let tables: Tables;
let sender: string;
let handler: typeof import('../src/handlers/events/notify.ts').handler;

beforeAll(async () => {
  useEmulator();
  tables = await createTables();
  sender = `${uniqueName('unverified')}@example.com`;
  serviceEnvironment(tables, sender);
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  vi.resetModules();
  handler = (await import('../src/handlers/events/notify.ts')).handler;
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every line the function writes (the logger writes JSON lines to stdout and stderr). */
function captureLines(): string[] {
  const lines: string[] = [];
  const keep = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  return lines;
}

describe('a refused email', () => {
  it('is logged with its error names and SES code, without the sender or recipient address', async () => {
    const registered = registration('Ada Lovelace');
    const lines = captureLines();

    const failures = await deliver(handler, sqsRecord(registered, { messageId: 'refused' }));

    expect(failures).toEqual(['refused']);
    const failed = lines.filter((line) => line.includes('Event handling failed'));
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0] as string)).toMatchObject({
      eventId: registered.id,
      error: {
        name: 'EmailNotSentError',
        message: 'SES refused the email: MessageRejected',
        cause: { name: 'MessageRejected', message: expect.stringContaining('[email]') },
      },
    });
    for (const address of [sender, registered.data.email])
      expect(lines.filter((line) => line.includes(address))).toEqual([]);
    // The record keeps why, in the same words.
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: tables.notifications, Key: { notificationId: registered.id } }),
    );
    expect(Item).toMatchObject({ status: 'FAILED', failure: 'SES refused the email: MessageRejected' });
  });
});

describe('a malformed message naming someone', () => {
  it('is logged as malformed without the address the parser quotes from it', async () => {
    // Short, so that the JSON parser quotes the whole body in its message.
    const address = `q${randomUUID().slice(0, 4)}@ex.io`;
    const lines = captureLines();

    const failures = await deliver(handler, sqsRecord(`{"to": ${address}}`, { messageId: 'garbage' }));

    expect(failures).toEqual(['garbage']);
    const malformed = lines.filter((line) => line.includes('Malformed event message'));
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toContain('[email]');
    expect(lines.filter((line) => line.includes(address))).toEqual([]);
  });
});
