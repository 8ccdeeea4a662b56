/**
 * Feeds DynamoDB-stream-triggered functions locally, as Lambda's event source mapping does: batches
 * in order per shard, filter criteria applied, a failing batch retried (from the first failed record
 * with ReportBatchItemFailures) up to MaximumRetryAttempts, then skipped with a log line.
 * The emulator serves the DynamoDB Streams API; there is no SDK client for it among our
 * dependencies, so this speaks its small JSON protocol directly.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { EventSourceTrigger } from './provisioner.ts';
import { invokeFunction } from './queue-poller.ts';

interface StreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { SequenceNumber?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Does `value` pass an event filter pattern (the subset Lambda filters use most)? */
export function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) return false;
  return Object.entries(pattern).every(([key, rule]) => {
    const field = (value as Record<string, unknown> | null | undefined)?.[key];
    if (Array.isArray(rule)) return rule.some((option) => matchesRule(field, option));
    return matchesPattern(field, rule);
  });
}

function matchesRule(field: unknown, option: unknown): boolean {
  if (option === null || typeof option !== 'object') return field === option;
  const rule = option as Record<string, unknown>;
  if ('exists' in rule) return (field !== undefined) === rule.exists;
  if ('prefix' in rule) return typeof field === 'string' && field.startsWith(String(rule.prefix));
  if ('anything-but' in rule) return ![rule['anything-but']].flat().includes(field);
  throw new Error(`filter rule ${JSON.stringify(option)} is not supported locally`);
}

/** Keeps the records that pass any of the trigger's filter patterns (all when there are none). */
export function filterRecords(records: StreamRecord[], patterns: unknown[]): StreamRecord[] {
  return patterns.length === 0
    ? records
    : records.filter((record) => patterns.some((p) => matchesPattern(record, p)));
}

/** The records still to process after an invocation: none on success, from the first failure on otherwise. */
export function remainingAfter(
  records: StreamRecord[],
  outcome: Awaited<ReturnType<typeof invokeFunction>>,
  reportBatchItemFailures: boolean,
): StreamRecord[] {
  if (outcome.kind === 'error') return records;
  const failures = reportBatchItemFailures
    ? (outcome.payload as { batchItemFailures?: Array<{ itemIdentifier?: unknown }> } | null)
        ?.batchItemFailures
    : undefined;
  if (!Array.isArray(failures) || failures.length === 0) return [];
  const positions = failures.map((failure) =>
    records.findIndex((record) => record.dynamodb?.SequenceNumber === failure?.itemIdentifier),
  );
  if (positions.some((position) => position < 0)) return records;
  return records.slice(Math.min(...positions));
}

export interface StreamPollerOptions {
  endpoint: string;
  region?: string;
  lambda: LambdaClient;
  trigger: EventSourceTrigger;
  intervalMs?: number;
  log?: (line: string) => void;
}

/** Reads every shard of the stream until stopped. */
export function startStreamPoller(options: StreamPollerOptions): { stop(): Promise<void> } {
  const { trigger } = options;
  const region = options.region ?? 'us-east-1';
  const controller = new AbortController();
  const call = async <T>(action: string, body: unknown): Promise<T> => {
    const response = await fetch(options.endpoint, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${action}`,
        authorization: `AWS4-HMAC-SHA256 Credential=local/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=local`,
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const iterators = new Map<string, string>();
  const pending = new Map<string, { records: StreamRecord[]; attempts: number }>();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const pollShard = async (shardId: string) => {
    let batch = pending.get(shardId);
    if (!batch) {
      let iterator = iterators.get(shardId);
      if (!iterator) {
        const answer = await call<{ ShardIterator: string }>('GetShardIterator', {
          StreamArn: trigger.sourceArn,
          ShardId: shardId,
          // In AWS the mapping exists from deployment, before any write. Locally the table is as new
          // as this run, but the poller starts after the seeds: reading from the start of the stream
          // sees exactly what a mapping created at deployment would have seen, whatever StartingPosition says.
          ShardIteratorType: 'TRIM_HORIZON',
        });
        iterator = answer.ShardIterator;
      }
      const { Records = [], NextShardIterator } = await call<{
        Records?: StreamRecord[];
        NextShardIterator?: string;
      }>('GetRecords', { ShardIterator: iterator, Limit: trigger.batchSize });
      if (NextShardIterator) iterators.set(shardId, NextShardIterator);
      const records = filterRecords(
        Records.map((record) => ({ ...record, eventSourceARN: trigger.sourceArn })),
        trigger.filterPatterns,
      );
      if (records.length === 0) return;
      batch = { records, attempts: 0 };
    }
    const outcome = await invokeFunction(options.lambda, trigger.functionName, { Records: batch.records });
    const rest = remainingAfter(batch.records, outcome, trigger.reportBatchItemFailures);
    const limit = trigger.maximumRetryAttempts < 0 ? 10 : trigger.maximumRetryAttempts;
    if (rest.length === 0) {
      pending.delete(shardId);
    } else if (batch.attempts >= limit) {
      options.log?.(
        `${trigger.functionName}: gave up on ${rest.length} stream records after ${batch.attempts} retries`,
      );
      pending.delete(shardId);
    } else {
      pending.set(shardId, { records: rest, attempts: batch.attempts + 1 });
      if (outcome.kind === 'error')
        options.log?.(`${trigger.functionName} failed a stream batch: ${outcome.message}`);
    }
  };

  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        const { StreamDescription } = await call<{
          StreamDescription: { Shards?: Array<{ ShardId: string }> };
        }>('DescribeStream', { StreamArn: trigger.sourceArn });
        for (const shard of StreamDescription.Shards ?? []) await pollShard(shard.ShardId);
      } catch (error) {
        if (controller.signal.aborted) break;
        options.log?.(`stream poller for ${trigger.functionName}: ${(error as Error).message}`);
      }
      await sleep(options.intervalMs ?? 500);
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
}
