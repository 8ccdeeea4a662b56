import { once } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { snsEventPublisher, type TransactionalOutbox, transactionalOutbox } from '@shop/events';
import * as z from 'zod/mini';

// Apart from wiring.ts so that the relay's bundle holds the outbox alone, not Cognito and the rules.

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    STORES_TABLE: z.string().check(z.minLength(1)),
    OUTBOX_TABLE: z.string().check(z.minLength(1)),
    STORE_EVENTS_TOPIC_ARN: z.string().check(z.minLength(1)),
    /** The users stack's pool: store admin groups live there (and @shop/auth verifies tokens of it). */
    USER_POOL_ID: z.string().check(z.minLength(1)),
  }),
);

/** The outbox of the store-events topic. */
export const outbox = /* @__PURE__ */ once(
  (): TransactionalOutbox =>
    transactionalOutbox({
      tableName: config().OUTBOX_TABLE,
      publisher: snsEventPublisher({ topicArn: config().STORE_EVENTS_TOPIC_ARN }),
    }),
);
