/**
 * Feeds DynamoDB-stream-triggered functions locally, as Lambda's event source mapping does: batches
 * in order per shard, filter criteria applied, a failing batch retried (from the first failed record
 * with ReportBatchItemFailures) up to MaximumRetryAttempts, then skipped with a log line.
 * The emulator serves the DynamoDB Streams API; there is no SDK client for it among our
 * dependencies, so this speaks its small JSON protocol directly.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { EventSourceTrigger } from '../provisioning/lambda.ts';
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

  /**
   * Hands the shard's next batch (or the retry of a failed one) to the function; answers how many
   * records it got past (0 when there were none or the batch is to be retried), so the loop knows
   * whether to come back at once.
   */
  const pollShard = async (shardId: string): Promise<number> => {
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
      if (records.length === 0) return Records.length;
      batch = { records, attempts: 0 };
    }
    const outcome = await invokeFunction(options.lambda, trigger.functionName, { Records: batch.records });
    const rest = remainingAfter(batch.records, outcome, trigger.reportBatchItemFailures);
    const limit = trigger.maximumRetryAttempts < 0 ? 10 : trigger.maximumRetryAttempts;
    if (rest.length === 0) {
      pending.delete(shardId);
      return batch.records.length;
    }
    if (batch.attempts >= limit) {
      options.log?.(
        `${trigger.functionName}: gave up on ${rest.length} stream records after ${batch.attempts} retries`,
      );
      pending.delete(shardId);
      return batch.records.length;
    }
    pending.set(shardId, { records: rest, attempts: batch.attempts + 1 });
    if (outcome.kind === 'error')
      options.log?.(`${trigger.functionName} failed a stream batch: ${outcome.message}`);
    return 0;
  };

  // Lambda reads a shard about four times a second. Here: again at once while records keep coming,
  // then ever less often while the stream is quiet, so a busy stream adds tens of milliseconds per hop
  // and an idle one costs the emulator two calls a second.
  const busyMs = 25;
  const idleMs = options.intervalMs ?? 500;
  const loop = (async () => {
    let shards: string[] = [];
    let describedAt = 0;
    let waitMs = idleMs;
    while (!controller.signal.aborted) {
      try {
        // The shard list changes only when the table's stream does: read it now and then, not every poll.
        if (Date.now() - describedAt > 30_000) {
          const { StreamDescription } = await call<{
            StreamDescription: { Shards?: Array<{ ShardId: string }> };
          }>('DescribeStream', { StreamArn: trigger.sourceArn });
          shards = (StreamDescription.Shards ?? []).map((shard) => shard.ShardId);
          describedAt = Date.now();
        }
        let delivered = 0;
        for (const shardId of shards) delivered += await pollShard(shardId);
        waitMs = delivered > 0 ? busyMs : Math.min(idleMs, waitMs * 2);
      } catch (error) {
        if (controller.signal.aborted) break;
        options.log?.(`stream poller for ${trigger.functionName}: ${(error as Error).message}`);
        describedAt = 0;
        waitMs = idleMs;
      }
      await sleep(waitMs);
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
}
