import { outboxRelayHandler } from '@shop/events';
import { outbox } from '../../wiring.ts';

/**
 * Sends outbox events that their writer could not: triggered by the outbox table's stream (INSERTs)
 * and by a schedule that sweeps anything still pending; invoke it by hand to sweep locally.
 */
export const handler = outboxRelayHandler(outbox);
