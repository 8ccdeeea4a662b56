import type * as PowertoolsBatch from '@aws-lambda-powertools/batch';
import type * as PowertoolsIdempotency from '@aws-lambda-powertools/idempotency';
import type * as PowertoolsIdempotencyStore from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { awsClient, logger, observeInvocation, once, requireFromLayer } from '@shop/aws';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type EventDefinition, type EventOf, eventEnvelope } from './envelope.ts';

// The layer's CommonJS build: about half the cold-start CPU of its ES modules (@shop/aws layer.ts).
const { BatchProcessor, EventType, processPartialResponse } = requireFromLayer(
  '@aws-lambda-powertools/batch',
) as typeof PowertoolsBatch;

/** A message that can never be handled (bad JSON, unknown type or version, bad data); it ends in the DLQ. */
export class MalformedEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedEventError';
  }
}

export type EventConsumerOptions<D extends EventDefinition> = {
  /** The events this consumer understands; anything else is a malformed message. */
  events: readonly D[];
  /**
   * DynamoDB table remembering handled event ids: partition key `id` (String), TTL attribute
   * `expiration`; Powertools also writes `status`, `data`, `in_progress_expiration`, `validation`.
   * Leave it out only with `onceBy`.
   */
  idempotencyTable?: string;
  /**
   * Instead of the table: why handling an event twice (also two copies at once) changes nothing, e.g.
   * "the order is created by a Put conditioned on its id". Saves two writes per event; the handler
   * must then answer a repeat the same way (republishing what the first time published).
   */
  onceBy?: string;
  /** Handles one event; throw to have SQS redeliver it. Runs at most once per event id. */
  handle: (event: EventOf<D>, record: SQSRecord) => Promise<void>;
  /** How long an event id is remembered; default 14 days, SQS's longest retention. */
  rememberForSeconds?: number;
  /** Idempotency key prefix; defaults to the Lambda function name, so each consumer dedupes on its own. */
  name?: string;
};

/** Reads the envelope out of an SQS body, whether SNS delivered it raw or wrapped as a `Notification`. */
export function envelopeFromBody(body: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
    const wrapper = parsed as { Type?: unknown; Message?: unknown };
    if (wrapper?.Type === 'Notification' && typeof wrapper.Message === 'string')
      parsed = JSON.parse(wrapper.Message);
  } catch (error) {
    throw new MalformedEventError('The message body is not JSON', { cause: error });
  }
  return parsed;
}

/** Validates a message against the envelope and its definition's data schema. */
export function parseEvent<D extends EventDefinition>(events: readonly D[], body: string): EventOf<D> {
  const envelope = eventEnvelope.safeParse(envelopeFromBody(body));
  if (!envelope.success)
    throw new MalformedEventError('The message is not an event envelope', { cause: envelope.error });
  const { type, version } = envelope.data;
  const definition = events.find((candidate) => candidate.type === type && candidate.version === version);
  if (!definition) throw new MalformedEventError(`No consumer for ${type} v${version}`);
  const event = definition.envelope.safeParse(envelope.data);
  if (!event.success)
    throw new MalformedEventError(`Invalid data for ${type} v${version}`, { cause: event.error });
  return event.data as EventOf<D>;
}

/**
 * Builds an SQS handler that validates each record, hands it to `handle` once per event id, and reports
 * the records that failed as `batchItemFailures` so only those are redelivered (and, in the end, dead-lettered).
 */
export function sqsEventConsumer<D extends EventDefinition>(options: EventConsumerOptions<D>) {
  if (!options.idempotencyTable && !options.onceBy)
    throw new Error('sqsEventConsumer needs an idempotencyTable, or onceBy saying why repeats are harmless');
  const handle = async (event: EventOf<D>, record: SQSRecord) => {
    await options.handle(event, record);
    logger.info('Event handled');
  };
  // Without a table the handler's own conditional writes are the guard (`onceBy`). With one, Powertools
  // idempotency is loaded on the first message, not at init: ~14 ms of a cold start (bench/README.md)
  // that only the consumers with a table (erasure, refunds: rare messages) need.
  const { idempotencyTable } = options;
  const idempotent =
    idempotencyTable === undefined
      ? undefined
      : once(() => {
          const { IdempotencyConfig, makeIdempotent } = requireFromLayer(
            '@aws-lambda-powertools/idempotency',
          ) as typeof PowertoolsIdempotency;
          const { DynamoDBPersistenceLayer } = requireFromLayer(
            '@aws-lambda-powertools/idempotency/dynamodb',
          ) as typeof PowertoolsIdempotencyStore;
          const config = new IdempotencyConfig({
            eventKeyJmesPath: 'id',
            throwOnNoIdempotencyKey: true,
            expiresAfterSeconds: options.rememberForSeconds ?? 14 * 24 * 60 * 60,
          });
          const handleOnce = makeIdempotent(handle, {
            persistenceStore: new DynamoDBPersistenceLayer({
              tableName: idempotencyTable,
              awsSdkV3Client: awsClient(new DynamoDBClient({})),
            }),
            config,
            ...(options.name ? { keyPrefix: options.name } : {}),
          });
          return { config, handleOnce };
        });
  const handleOnce = (event: EventOf<D>, record: SQSRecord) =>
    idempotent ? idempotent().handleOnce(event, record) : handle(event, record);
  const processor = new BatchProcessor(EventType.SQS);

  const handleRecord = async (record: SQSRecord) => {
    let event: EventOf<D>;
    try {
      event = parseEvent(options.events, record.body);
    } catch (error) {
      logger.error('Malformed event message', { messageId: record.messageId, error: error as Error });
      throw error;
    }
    // Every line logged while handling this record carries the order's (or sign-up's) correlation id,
    // the one the first request started, so one query follows it across every service.
    logger.setCorrelationId(event.correlationId);
    logger.appendKeys({ eventId: event.id, eventType: event.type });
    try {
      await handleOnce(event, record);
    } catch (error) {
      logger.error('Event handling failed', {
        messageId: record.messageId,
        eventId: event.id,
        error: error as Error,
      });
      throw error;
    } finally {
      logger.removeKeys(['correlation_id', 'eventId', 'eventType']);
    }
  };

  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    idempotent?.().config.registerLambdaContext(context);
    // One bad record never holds back the rest; a batch where all fail is reported the same way.
    // One record at a time: the logger's correlation id is per record, and the logger is shared.
    return processPartialResponse(event, handleRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
      processInParallel: false,
    });
  }).use(observeInvocation());
}
