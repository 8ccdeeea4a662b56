import { describe, expect, it } from 'vitest';
import { messagesToDelete } from '../../src/event-sources/queue-poller.ts';
import { filterRecords, matchesPattern, remainingAfter } from '../../src/event-sources/stream-poller.ts';

const batch = [
  { MessageId: 'm1', ReceiptHandle: 'r1' },
  { MessageId: 'm2', ReceiptHandle: 'r2' },
  { MessageId: 'm3', ReceiptHandle: 'r3' },
];

describe('which SQS messages are deleted after an invocation', () => {
  it('deletes the whole batch when the function succeeds', () => {
    expect(messagesToDelete(batch, { kind: 'ok', payload: null }, true)).toEqual(batch);
  });

  it('deletes none when the function throws', () => {
    expect(messagesToDelete(batch, { kind: 'error', message: 'boom' }, true)).toEqual([]);
  });

  it('keeps the messages listed in batchItemFailures', () => {
    const outcome = { kind: 'ok' as const, payload: { batchItemFailures: [{ itemIdentifier: 'm2' }] } };
    expect(messagesToDelete(batch, outcome, true).map((message) => message.MessageId)).toEqual(['m1', 'm3']);
  });

  it('fails the whole batch on a malformed failure list, as Lambda does', () => {
    const outcome = { kind: 'ok' as const, payload: { batchItemFailures: [{ itemIdentifier: 'nope' }] } };
    expect(messagesToDelete(batch, outcome, true)).toEqual([]);
  });

  it('ignores batchItemFailures when the mapping does not report them', () => {
    const outcome = { kind: 'ok' as const, payload: { batchItemFailures: [{ itemIdentifier: 'm2' }] } };
    expect(messagesToDelete(batch, outcome, false)).toEqual(batch);
  });
});

describe('DynamoDB stream batches', () => {
  const records = ['1', '2', '3'].map((sequence, index) => ({
    eventName: index === 1 ? 'MODIFY' : 'INSERT',
    dynamodb: { SequenceNumber: sequence },
  }));

  it('pass only the records that match a filter pattern', () => {
    expect(
      filterRecords(records, [{ eventName: ['INSERT'] }]).map((r) => r.dynamodb?.SequenceNumber),
    ).toEqual(['1', '3']);
    expect(matchesPattern({ a: { b: 'xyz' } }, { a: { b: [{ prefix: 'x' }] } })).toBe(true);
    expect(matchesPattern({ a: 1 }, { a: [{ 'anything-but': [1] }] })).toBe(false);
  });

  it('resume from the first failed record, and retry the whole batch on an error', () => {
    const partial = { kind: 'ok' as const, payload: { batchItemFailures: [{ itemIdentifier: '2' }] } };
    expect(remainingAfter(records, partial, true)).toEqual(records.slice(1));
    expect(remainingAfter(records, { kind: 'error', message: 'x' }, true)).toEqual(records);
    expect(remainingAfter(records, { kind: 'ok', payload: null }, true)).toEqual([]);
  });
});
