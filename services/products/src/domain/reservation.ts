import { createHash } from 'node:crypto';
import {
  type ChangedPrice,
  MAX_RESERVATION_LINES,
  type ReservationLine,
  type ShortLine,
  type StockLine,
} from '@shop/contracts';

/**
 * An order's hold on stock, keyed by order id. RESERVED holds the lines' units (at the prices its
 * condition proved, when the request gave them); RELEASED gave them back, or (with no lines) records
 * a release that overtook its reservation, which is then refused.
 */
export type StockReservation = {
  orderId: string;
  status: 'RESERVED' | 'RELEASED';
  lines: ReservationLine[];
  currency?: string;
  reservedAt?: string;
  releasedAt?: string;
};

/**
 * One variant's lines of a request as one: the units to take and every distinct unit price the
 * request quoted for it. Two different prices for one variant cannot both be the catalog's, so such
 * a line can never be reserved (its condition asks for both) and is refused PRICE_CHANGED.
 */
export type MergedLine = StockLine & { quotedPrices: number[] };

/** What to do with a reservation request before touching any stock. */
export type ReservationPlan =
  | { kind: 'reserve'; lines: MergedLine[] }
  | { kind: 'refuse'; reason: 'TOO_MANY_LINES' };

/**
 * The item a line takes its units from: its variant's stock item, or for a line without a variant
 * (from before variants, or a product without options) the product's own.
 */
export const stockKeyOf = (line: { productId: string; variantId?: string | undefined }): string =>
  line.variantId ?? line.productId;

/** A line names its variant only when it is not the product's own (one-variant) item. */
const variantOf = (productId: string, variantId: string | undefined) =>
  variantId === undefined || variantId === productId ? {} : { variantId };

/** Lines for the same variant become one (a transaction may touch each stock item only once). */
export function mergeLines(lines: readonly ReservationLine[]): MergedLine[] {
  const merged = new Map<string, MergedLine>();
  for (const { productId, variantId, quantity, unitPrice } of lines) {
    const key = stockKeyOf({ productId, ...variantOf(productId, variantId) });
    const line = merged.get(key) ?? {
      productId,
      ...variantOf(productId, variantId),
      quantity: 0,
      quotedPrices: [],
    };
    line.quantity += quantity;
    if (unitPrice !== undefined && !line.quotedPrices.includes(unitPrice)) line.quotedPrices.push(unitPrice);
    merged.set(key, line);
  }
  return [...merged.values()];
}

/** Reserve all merged lines in one transaction, or refuse an order that cannot fit in one. */
export function planReservation(lines: readonly ReservationLine[]): ReservationPlan {
  const merged = mergeLines(lines);
  return merged.length > MAX_RESERVATION_LINES
    ? { kind: 'refuse', reason: 'TOO_MANY_LINES' }
    : { kind: 'reserve', lines: merged };
}

/**
 * What a line's condition asks of the catalog besides stock: each quoted price, and the order's
 * currency when the line is priced at all (a price means nothing in another currency).
 */
export function requiredPrice(
  line: MergedLine,
  currency: string | undefined,
): { prices: number[]; currency?: string } {
  if (line.quotedPrices.length === 0) return { prices: [] };
  return { prices: line.quotedPrices, ...(currency === undefined ? {} : { currency }) };
}

/** The line as the reply and the reservation record carry it: with the price its condition proved. */
export function reservedLine({ productId, variantId, quantity, quotedPrices }: MergedLine): ReservationLine {
  const line = { productId, ...variantOf(productId, variantId), quantity };
  return quotedPrices.length === 1 ? { ...line, unitPrice: quotedPrices[0] } : line;
}

/** A failed line's stock item (its variant's, or its product's) as DynamoDB read it when the condition failed. */
export type CatalogReading = {
  deleted: boolean;
  stock: number;
  price: number;
  currency: string;
  revision: number;
};

/** Why a reservation transaction was refused, told from the failed lines' readings. */
export type Refusal = {
  reason: 'OUT_OF_STOCK' | 'PRICE_CHANGED';
  shortLines: ShortLine[];
  changedPrices: ChangedPrice[];
};

/**
 * Tells a refusal from the lines whose condition failed and their stock items as they were read then,
 * by stock key (one missing from `readings` does not exist). OUT_OF_STOCK wins over PRICE_CHANGED: a customer
 * who cannot have the units at any price gains nothing from being told a new price first. A line
 * that failed but reads as fine (a release or a price change back landed meanwhile) is reported
 * short with what it read, as before prices were checked.
 */
export function refusalOf(
  failed: readonly MergedLine[],
  readings: ReadonlyMap<string, CatalogReading>,
  currency: string | undefined,
): Refusal {
  const available = new Map<string, number>();
  const changedPrices: ChangedPrice[] = [];
  for (const line of failed) {
    const reading = readings.get(stockKeyOf(line));
    if (!reading || reading.deleted) continue;
    available.set(stockKeyOf(line), reading.stock);
    const required = requiredPrice(line, currency);
    const ordered = required.prices.find((price) => price !== reading.price);
    const otherCurrency = required.currency !== undefined && required.currency !== reading.currency;
    if (ordered !== undefined || otherCurrency)
      changedPrices.push({
        productId: line.productId,
        ...variantOf(line.productId, line.variantId),
        orderedUnitPrice: ordered ?? (required.prices[0] as number),
        unitPrice: reading.price,
        currency: reading.currency,
        revision: reading.revision,
      });
  }
  const short = shortLines(failed, available);
  if (short.length > 0) return { reason: 'OUT_OF_STOCK', shortLines: short, changedPrices };
  if (changedPrices.length > 0) return { reason: 'PRICE_CHANGED', shortLines: [], changedPrices };
  const reported = failed.map((line) => ({
    productId: line.productId,
    ...variantOf(line.productId, line.variantId),
    requested: line.quantity,
    available: Math.max(0, available.get(stockKeyOf(line)) ?? 0),
  }));
  return { reason: 'OUT_OF_STOCK', shortLines: reported, changedPrices };
}

/**
 * The lines that cannot be served from what is available (by stock key); one missing from `available`
 * (unknown or deleted) has nothing to sell.
 */
export function shortLines(lines: readonly StockLine[], available: ReadonlyMap<string, number>): ShortLine[] {
  return lines.flatMap((line) => {
    const left = Math.max(0, available.get(stockKeyOf(line)) ?? 0);
    return left < line.quantity
      ? [
          {
            productId: line.productId,
            ...variantOf(line.productId, line.variantId),
            requested: line.quantity,
            available: left,
          },
        ]
      : [];
  });
}

/** The reply to a request for an order that already has a record: the existing outcome, never a second hold. */
export function existingOutcome(
  reservation: StockReservation,
): { kind: 'reserved'; lines: ReservationLine[] } | { kind: 'refused'; reason: 'RELEASED' } {
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
