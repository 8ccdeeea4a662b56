import { createHash } from 'node:crypto';
import { MAX_RESERVATION_LINES, type ShortLine, type StockLine } from '@shop/contracts';

/**
 * An order's hold on stock, keyed by order id. RESERVED holds the lines' units; RELEASED gave them
 * back, or (with no lines) records a release that overtook its reservation, which is then refused.
 */
export type StockReservation = {
  orderId: string;
  status: 'RESERVED' | 'RELEASED';
  lines: StockLine[];
  reservedAt?: string;
  releasedAt?: string;
};

/** What to do with a reservation request before touching any stock. */
export type ReservationPlan =
  | { kind: 'reserve'; lines: StockLine[] }
  | { kind: 'refuse'; reason: 'TOO_MANY_LINES' };

/** Lines for the same product become one (a transaction may touch each product only once). */
export function mergeLines(lines: readonly StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

/** Reserve all merged lines in one transaction, or refuse an order that cannot fit in one. */
export function planReservation(lines: readonly StockLine[]): ReservationPlan {
  const merged = mergeLines(lines);
  return merged.length > MAX_RESERVATION_LINES
    ? { kind: 'refuse', reason: 'TOO_MANY_LINES' }
    : { kind: 'reserve', lines: merged };
}

/**
 * The lines that cannot be served from what is available; a product missing from `available`
 * (unknown or deleted) has nothing to sell.
 */
export function shortLines(lines: readonly StockLine[], available: ReadonlyMap<string, number>): ShortLine[] {
  return lines.flatMap(({ productId, quantity }) => {
    const left = Math.max(0, available.get(productId) ?? 0);
    return left < quantity ? [{ productId, requested: quantity, available: left }] : [];
  });
}

/** The reply to a request for an order that already has a record: the existing outcome, never a second hold. */
export function existingOutcome(
  reservation: StockReservation,
): { kind: 'reserved'; lines: StockLine[] } | { kind: 'refused'; reason: 'RELEASED' } {
  return reservation.status === 'RESERVED'
    ? { kind: 'reserved', lines: reservation.lines }
    : { kind: 'refused', reason: 'RELEASED' };
}

/**
 * A stable id for the reply to one request, formatted as a UUID: handling the same request again
 * answers under the same id, so a consumer drops the repeat.
 */
export function replyId(requestId: string): string {
  const hex = createHash('sha256').update(`reply:${requestId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
