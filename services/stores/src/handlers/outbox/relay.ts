import { outboxRelayHandler } from '@shop/events';
import { outbox } from '../../outbox.ts';

/**
 * Publishes the StoreChanged events their writer could not: triggered by the outbox table's stream
 * (INSERTs) and by a schedule that sweeps anything still pending.
 */
export const handler = outboxRelayHandler(outbox);
