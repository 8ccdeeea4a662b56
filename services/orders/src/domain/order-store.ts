import type { OrderStatus } from '@shop/contracts';
import { ConflictError } from '@shop/errors';
import type { EventEnvelope } from '@shop/events';
import type { Order, PaymentRecord, StatusChange, StoredOrder } from './order.ts';

/** A page of orders, newest first, as the API answers it. */
export type OrderPage = { items: Order[]; nextCursor: string | null };

export type OrderQuery = { status?: OrderStatus | undefined; limit: number; cursor?: string | undefined };

/** The order's status was no longer the change's `from` when it was written: a racing writer won. */
export class OrderChangedError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} changed while it was being updated`);
    this.name = 'OrderChangedError';
  }
}

/** Where orders live; every write goes with its events, in one transaction (the outbox). */
export interface OrderStore {
  /** The order, whatever its store (ids are unique across stores): callers check `storeId`. */
  find(orderId: string): Promise<StoredOrder | undefined>;
  /**
   * Stores a new order, then publishes its events; false (nothing written or sent) when the order
   * already exists. Called by a queue consumer: a failed publish throws, and the redelivered message
   * republishes (`send`) what it finds written.
   */
  create(order: StoredOrder, events: EventEnvelope[]): Promise<boolean>;
  /**
   * Applies the change with its events, in one transaction with the outbox, if the order is still in
   * `change.from`, else throws OrderChangedError. For the routes: nothing redelivers a request.
   */
  apply(change: StatusChange, events: EventEnvelope[]): Promise<void>;
  /**
   * Like `apply`, for a change a queue message causes: the conditional write, then the events published
   * at once (throws if that fails; the redelivered message finds the change and republishes with `send`).
   */
  applyNow(change: StatusChange, events: EventEnvelope[]): Promise<void>;
  /** Publishes events at once, throwing if that fails; for a consumer, whose message is redelivered then. */
  send(events: EventEnvelope[]): Promise<void>;
  /** Records the payment's latest state (a refund), whatever the order's status. */
  recordPayment(orderId: string, payment: PaymentRecord): Promise<void>;
  /** Notes that products reports the order holding no stock any more. */
  recordStockReleased(orderId: string, at: string): Promise<void>;
  /** The user's orders in one store; a cursor of another store is a 400. */
  listOfUser(storeId: string, userId: string, query: OrderQuery): Promise<OrderPage>;
  /** Every order of one store; a cursor of another store is a 400. */
  listAll(storeId: string, query: OrderQuery): Promise<OrderPage>;
}

/** Which error means a racing writer got there first, what to answer when it keeps winning, and a pause. */
export type Race = {
  lost: (error: unknown) => boolean;
  conflict: string;
  pause?: (attempt: number) => Promise<void>;
};

const orderRace: Race = {
  lost: (error) => error instanceof OrderChangedError,
  conflict: 'The order changed meanwhile; try again.',
};

/**
 * Runs `decide` (read, decide, write conditionally) again from a fresh read each time a racing writer
 * changed the item first (by default the order); after `attempts` lost races, a 409 to try again.
 */
export async function retryingRaces<T>(
  decide: () => Promise<T>,
  attempts: number,
  race: Race = orderRace,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await decide();
    } catch (error) {
      if (!race.lost(error)) throw error;
      if (attempt >= attempts) throw new ConflictError(race.conflict, { cause: error });
      await race.pause?.(attempt);
    }
  }
}
