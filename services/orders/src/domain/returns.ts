import {
  MAX_RETURNS_PER_ORDER,
  ORDERS_SOURCE,
  type OrderReturn,
  type ReturnSnapshot,
  returnReceived,
  returnRefunded,
  variantOfLine,
} from '@shop/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@shop/errors';
import { createEvent, type EventEnvelope } from '@shop/events';
import { refundOfReturn, withLineMoney } from '@shop/pricing';
import { causedEventId, type StoredOrder } from './order.ts';

// Returns after delivery (API.md v1.1): pure rules. A return lives in its order's item (`returns`),
// and every change of the list is one write conditioned on the order's `returnsVersion`, so two
// racing requests can never both take the same units, and a step (receive, refund) happens once.

export type { OrderReturn };

/**
 * A write of the order's returns: the whole list as it is now, applied only if the order still has
 * `version` (the `returnsVersion` it was decided on; 0 for none yet), is DELIVERED and in its store.
 */
export type ReturnsChange = {
  orderId: string;
  storeId: string;
  version: number;
  returns: OrderReturn[];
  refundedTotal: number;
  at: string;
};

/** Where the returns are written, each change with its events (in one transaction with the outbox). */
export interface ReturnStore {
  /** Writes the change with its events, else throws OrderChangedError (a racing writer won). */
  write(change: ReturnsChange, events: EventEnvelope[]): Promise<void>;
}

/** What the customer asks to send back. */
export type ReturnRequest = { lines: Array<{ variantId: string; quantity: number }>; reason: string };

const DAY_MS = 24 * 60 * 60 * 1000;

const returnsOf = (order: StoredOrder): OrderReturn[] => order.returns ?? [];

/** The change that writes `returns` (and `refundedTotal`) over the order as it was read. */
function changeOf(
  order: StoredOrder,
  returns: OrderReturn[],
  at: string,
  refundedTotal?: number,
): ReturnsChange {
  return {
    orderId: order.orderId,
    storeId: order.storeId,
    version: order.returnsVersion ?? 0,
    returns,
    refundedTotal: refundedTotal ?? order.refundedTotal ?? 0,
    at,
  };
}

/** The order as it is once the change is written. */
const applied = (order: StoredOrder, change: ReturnsChange): StoredOrder => ({
  ...order,
  returns: change.returns,
  refundedTotal: change.refundedTotal,
  returnsVersion: change.version + 1,
  updatedAt: change.at,
});

/** When the order was delivered (its DELIVERED history entry); undefined before. */
export const deliveredAt = (order: StoredOrder): string | undefined =>
  order.history.find((entry) => entry.status === 'DELIVERED')?.at;

/** The order's return of that id; 404 for none. */
export function findReturn(order: StoredOrder, returnId: string): OrderReturn {
  const found = returnsOf(order).find((entry) => entry.returnId === returnId);
  if (!found) throw new NotFoundError(`Order ${order.orderId} has no return "${returnId}".`);
  return found;
}

/**
 * A new REQUESTED return: only of a DELIVERED order, within `returnWindowDays` of its delivery, and of
 * at most the units bought less those of the returns still standing (not rejected). Each line's
 * refund is its share of the line's `lineTotal` (`refundOfReturn`, @shop/pricing): returning every
 * unit of a line, at once or over several returns, refunds exactly `lineTotal`; shipping never.
 */
export function requestReturn(
  order: StoredOrder,
  request: ReturnRequest,
  context: { returnId: string; now: Date; returnWindowDays: number },
): { order: StoredOrder; change: ReturnsChange; created: OrderReturn } {
  const delivered = deliveredAt(order);
  if (order.status !== 'DELIVERED' || delivered === undefined)
    throw new ConflictError(`An order that is ${order.status} cannot be returned before it is delivered.`);
  const closes = Date.parse(delivered) + context.returnWindowDays * DAY_MS;
  if (context.now.getTime() > closes)
    throw new ConflictError(
      `The return window of ${context.returnWindowDays} days after delivery closed on ${new Date(closes).toISOString()}.`,
    );
  const seen = new Set<string>();
  request.lines.forEach((line, index) => {
    if (seen.has(line.variantId))
      throw new ValidationError('Invalid return.', [
        { field: `lines.${index}.variantId`, message: 'names a variant already named in the return' },
      ]);
    seen.add(line.variantId);
  });
  const existing = returnsOf(order);
  if (existing.length >= MAX_RETURNS_PER_ORDER)
    throw new ConflictError(`An order keeps at most ${MAX_RETURNS_PER_ORDER} returns.`);
  const standing = existing.filter((entry) => entry.status !== 'REJECTED');
  const lines = request.lines.map((line) => {
    const item = order.items.find((candidate) => variantOfLine(candidate).variantId === line.variantId);
    if (!item) throw new ConflictError(`The order has no line of variant "${line.variantId}" to return.`);
    const earlier = standing.flatMap((entry) => entry.lines.filter((l) => l.variantId === line.variantId));
    const units = earlier.reduce((sum, l) => sum + l.quantity, 0);
    const refunded = earlier.reduce((sum, l) => sum + l.refundAmount, 0);
    const left = item.quantity - units;
    if (line.quantity > left)
      throw new ConflictError(
        `Only ${left} of the ${item.quantity} units of "${line.variantId}" bought are left to return.`,
      );
    const { quantity, lineTotal } = withLineMoney(item);
    return {
      productId: item.productId,
      variantId: line.variantId,
      quantity: line.quantity,
      refundAmount: refundOfReturn({ quantity, lineTotal }, { units, refunded }, line.quantity),
    };
  });
  const at = context.now.toISOString();
  const created: OrderReturn = {
    returnId: context.returnId,
    orderId: order.orderId,
    status: 'REQUESTED',
    lines,
    refundAmount: lines.reduce((sum, line) => sum + line.refundAmount, 0),
    reason: request.reason,
    createdAt: at,
    updatedAt: at,
  };
  const change = changeOf(order, [...existing, created], at);
  return { order: applied(order, change), change, created };
}

/** The return as its events report it, with its lines' names and options from the order. */
export function returnSnapshotOf(order: StoredOrder, entry: OrderReturn): ReturnSnapshot {
  return {
    storeId: order.storeId,
    orderId: order.orderId,
    userId: order.userId,
    returnId: entry.returnId,
    status: entry.status,
    lines: entry.lines.map((line) => {
      const item = order.items.find((candidate) => variantOfLine(candidate).variantId === line.variantId);
      const options = item ? variantOfLine(item).options : {};
      return {
        ...line,
        name: item?.name ?? line.productId,
        ...(Object.keys(options).length > 0 ? { options } : {}),
      };
    }),
    refundAmount: entry.refundAmount,
    currency: order.currency,
    ...(entry.refundId ? { refundId: entry.refundId } : {}),
    ...(entry.status === 'REFUNDED' ? { refundedTotal: order.refundedTotal ?? 0 } : {}),
    updatedAt: entry.updatedAt,
  };
}

const meta = (order: StoredOrder) => ({ source: ORDERS_SOURCE, correlationId: order.correlationId });

/** ReturnReceived, named by the return (a return is received once), so a repeat sends the same id. */
export const receivedEvent = (order: StoredOrder, entry: OrderReturn): EventEnvelope => ({
  ...createEvent(returnReceived, returnSnapshotOf(order, entry), meta(order)),
  id: causedEventId('return-received', entry.returnId),
});

/** ReturnRefunded, named by the return (a return is refunded once). */
export const refundedEvent = (order: StoredOrder, entry: OrderReturn): EventEnvelope => ({
  ...createEvent(returnRefunded, returnSnapshotOf(order, entry), meta(order)),
  id: causedEventId('return-refunded', entry.returnId),
});

const replaced = (order: StoredOrder, entry: OrderReturn) =>
  returnsOf(order).map((candidate) => (candidate.returnId === entry.returnId ? entry : candidate));

/**
 * The store's admin received the parcel: REQUESTED → RECEIVED, with ReturnReceived (the restock and
 * the refund follow it). A return already RECEIVED or REFUNDED stays as it is (`change` undefined:
 * receiving again is answered with the return, and nothing happens twice); a REJECTED one is 409.
 */
export function receiveReturn(
  order: StoredOrder,
  returnId: string,
  now: Date,
): { entry: OrderReturn; change?: ReturnsChange; events: EventEnvelope[] } {
  const entry = findReturn(order, returnId);
  if (entry.status === 'RECEIVED' || entry.status === 'REFUNDED') return { entry, events: [] };
  if (entry.status !== 'REQUESTED') throw new ConflictError('A rejected return cannot be received.');
  const at = now.toISOString();
  const received: OrderReturn = { ...entry, status: 'RECEIVED', updatedAt: at };
  const change = changeOf(order, replaced(order, received), at);
  return { entry: received, change, events: [receivedEvent(applied(order, change), received)] };
}

/** The store's admin refuses the return: REQUESTED → REJECTED (its units may be asked for again); else 409. */
export function rejectReturn(
  order: StoredOrder,
  returnId: string,
  reason: string,
  now: Date,
): { entry: OrderReturn; change: ReturnsChange } {
  const entry = findReturn(order, returnId);
  if (entry.status !== 'REQUESTED')
    throw new ConflictError(`A return that is ${entry.status} cannot be rejected.`);
  const at = now.toISOString();
  const rejected: OrderReturn = { ...entry, status: 'REJECTED', rejectionReason: reason, updatedAt: at };
  return { entry: rejected, change: changeOf(order, replaced(order, rejected), at) };
}

/**
 * The refund was made: RECEIVED → REFUNDED with the provider's refund id, `refundedTotal` grown by the
 * return's amount, and ReturnRefunded. Undefined when there is nothing to record (already REFUNDED,
 * or a return that was never received).
 */
export function recordRefund(
  order: StoredOrder,
  returnId: string,
  refundId: string | undefined,
  now: Date,
): { change: ReturnsChange; events: EventEnvelope[] } | undefined {
  const entry = returnsOf(order).find((candidate) => candidate.returnId === returnId);
  if (entry?.status !== 'RECEIVED') return undefined;
  const at = now.toISOString();
  const refunded: OrderReturn = {
    ...entry,
    status: 'REFUNDED',
    ...(refundId ? { refundId } : {}),
    updatedAt: at,
  };
  const change = changeOf(
    order,
    replaced(order, refunded),
    at,
    (order.refundedTotal ?? 0) + entry.refundAmount,
  );
  return { change, events: [refundedEvent(applied(order, change), refunded)] };
}
