import { createHash } from 'node:crypto';
import {
  type CheckoutRequested,
  type HistoryEntry,
  type Order,
  type OrderSnapshot,
  type OrderStatus,
  orderCancelled,
  orderConfirmed,
  orderDelivered,
  orderPlaced,
  orderRejected,
  orderShipped,
  type PaymentMethod,
  type RejectionReason,
  type ReservationFailureReason,
  type ReservationLine,
  storeOf,
  variantOfLine,
} from '@shop/contracts';
import { ConflictError } from '@shop/errors';
import { withLineMoney } from '@shop/pricing';

// The order as the API answers it, and each step of its history, are the HTTP contract's (`@shop/contracts`).
export type { HistoryEntry, Order };

/** What the payment provider holds for the order: an authorization, later perhaps refunded. */
export type PaymentRecord = {
  authorizationId: string;
  /** REFUND_PENDING: the order is cancelled and the refund is being made. */
  status: 'AUTHORIZED' | 'REFUND_PENDING' | 'REFUNDED';
  refundId?: string;
};

/**
 * The use an order holds of its promotion, recorded on the order when it is counted (at confirmation).
 * `createdAt` names the promotion it was counted on: a code deleted and created again is another.
 */
export type PromotionClaim = { code: string; createdAt: string; perCustomer: boolean };

/**
 * The order as stored: the API's view plus what only the saga needs. An order without returns has
 * no `returns`, `refundedTotal` or `returnsVersion` (the API shows [] and 0); `returnsVersion` counts
 * the writes of `returns`, and each one is conditioned on it (src/domain/returns.ts).
 */
export type StoredOrder = Omit<Order, 'returns' | 'refundedTotal'> & {
  returns?: Order['returns'];
  refundedTotal?: number;
  returnsVersion?: number;
  paymentMethod: PaymentMethod;
  /** The checkout's correlation id, carried by every event about this order. */
  correlationId: string;
  /** When the customer checked out (the CheckoutRequested event), for the latency metric. */
  checkoutAt: string;
  payment?: PaymentRecord;
  /** Whether its prices included the tax (the store's setting at checkout). */
  taxIncluded?: boolean;
  /** The use of its promotion it holds (counted at confirmation, removed when given back). */
  promotionClaim?: PromotionClaim;
};

/**
 * The order's money, fixed at checkout (API.md v1.1). An order (or a checkout still in flight) from
 * before issue 17 has only its lines and `total`: no discount, shipping or tax, `subtotal` = `total`.
 */
function moneyOf(source: {
  total: number;
  subtotal?: number | undefined;
  discountTotal?: number | undefined;
  shippingTotal?: number | undefined;
  taxTotal?: number | undefined;
  promotionCode?: string | undefined;
  shippingOption?: Order['shippingOption'];
}) {
  return {
    subtotal: source.subtotal ?? source.total,
    discountTotal: source.discountTotal ?? 0,
    shippingTotal: source.shippingTotal ?? 0,
    taxTotal: source.taxTotal ?? 0,
    ...(source.promotionCode ? { promotionCode: source.promotionCode } : {}),
    ...(source.shippingOption ? { shippingOption: source.shippingOption } : {}),
  };
}

/**
 * A move of one order from one status to another, applied only if the order is still in `from` (and
 * in its store); `storeId` and `userId` name the index partitions the order is listed in.
 */
export type StatusChange = {
  orderId: string;
  storeId: string;
  userId: string;
  from: OrderStatus;
  to: OrderStatus;
  at: string;
  reason?: string;
  payment?: PaymentRecord;
};

// API.md's status machine; every status not listed as a source is final.
const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  REJECTED: [],
  CANCELLED: [],
};

/** Whether the status machine allows moving from `from` to `to`. */
export const canMove = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

/** Statuses in which the order holds no stock: a late StockReserved for it must be released. */
export const holdsNoStock = (status: OrderStatus): boolean => status === 'REJECTED' || status === 'CANCELLED';

/** A transition the status machine forbids (409). */
export class InvalidTransitionError extends ConflictError {
  readonly from: OrderStatus;
  readonly to: OrderStatus;

  constructor(from: OrderStatus, to: OrderStatus) {
    super(`An order that is ${from} cannot become ${to}.`);
    this.from = from;
    this.to = to;
  }
}

/** The PENDING order a checkout asks for. */
export function newOrder(checkout: CheckoutRequested, now: Date): StoredOrder {
  const at = now.toISOString();
  const { orderId, userId, lines, total, currency, shippingAddress, paymentMethod, taxIncluded } =
    checkout.data;
  return {
    orderId,
    // A checkout from before stores (still in flight at the deploy) is main's.
    storeId: storeOf(checkout.data),
    userId,
    status: 'PENDING',
    items: lines.map((line) => withLineMoney({ ...line, ...variantOfLine(line) })),
    total,
    ...moneyOf(checkout.data),
    currency,
    shippingAddress,
    ...(taxIncluded === undefined ? {} : { taxIncluded }),
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'PENDING', at }],
    paymentMethod,
    correlationId: checkout.correlationId,
    checkoutAt: checkout.occurredAt,
  };
}

/**
 * Moves the order to `to`, appending to its history; throws InvalidTransitionError when the status
 * machine forbids it. Answers the moved order and the change to write (conditional on `from`).
 */
export function move(
  order: StoredOrder,
  to: OrderStatus,
  options: { at: Date; reason?: string; payment?: PaymentRecord },
): { order: StoredOrder; change: StatusChange } {
  if (!canMove(order.status, to)) throw new InvalidTransitionError(order.status, to);
  const at = options.at.toISOString();
  const entry: HistoryEntry = { status: to, at, ...(options.reason ? { reason: options.reason } : {}) };
  const change: StatusChange = {
    orderId: order.orderId,
    storeId: order.storeId,
    userId: order.userId,
    from: order.status,
    to,
    at,
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.payment ? { payment: options.payment } : {}),
  };
  const moved: StoredOrder = {
    ...order,
    status: to,
    updatedAt: at,
    history: [...order.history, entry],
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.payment ? { payment: options.payment } : {}),
  };
  return { order: moved, change };
}

/** The API's view of a stored order: nothing the saga keeps for itself. */
export function toOrderView(order: StoredOrder): Order {
  return {
    orderId: order.orderId,
    storeId: order.storeId,
    userId: order.userId,
    status: order.status,
    // An order from before variants stored none: its lines are their products' one variants.
    items: order.items.map((item) => withLineMoney({ ...item, ...variantOfLine(item) })),
    total: order.total,
    ...moneyOf(order),
    currency: order.currency,
    shippingAddress: order.shippingAddress,
    ...(order.reason ? { reason: order.reason } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    history: order.history,
    returns: order.returns ?? [],
    refundedTotal: order.refundedTotal ?? 0,
  };
}

/** What every order event reports about the order. */
export function snapshotOf(order: StoredOrder): OrderSnapshot {
  return {
    storeId: order.storeId,
    orderId: order.orderId,
    userId: order.userId,
    status: order.status,
    items: order.items.map(withLineMoney),
    total: order.total,
    ...moneyOf(order),
    ...(order.taxIncluded === undefined ? {} : { taxIncluded: order.taxIncluded }),
    currency: order.currency,
    ...(order.reason ? { reason: order.reason } : {}),
    updatedAt: order.updatedAt,
  };
}

/**
 * The lines to reserve, each at the unit price the customer was shown: products takes the units only
 * if the catalog still has exactly that price, so an order priced from a stale read model is never
 * charged a price the catalog no longer has. Stock is held per variant: a line names its variant,
 * unless it is the product's own one variant (its id the product's), which a line without
 * `variantId` means, as every request from before variants did.
 */
export const linesToReserve = (order: StoredOrder): ReservationLine[] =>
  order.items.map((item) => {
    const { variantId } = variantOfLine(item);
    return {
      productId: item.productId,
      ...(variantId === item.productId ? {} : { variantId }),
      quantity: item.quantity,
      unitPrice: item.unitPrice,
    };
  });

/**
 * The order's items a reply line is about: the items of its variant, or, for a line that names no
 * variant (from a products version before variants), every item of its product.
 */
const itemsOfLine = (order: StoredOrder, line: { productId: string; variantId?: string | undefined }) =>
  order.items.filter((item) =>
    line.variantId === undefined
      ? item.productId === line.productId
      : variantOfLine(item).variantId === line.variantId,
  );

/** The rejection a refused reservation means: PRICE_CHANGED for a changed price, OUT_OF_STOCK for any other. */
export const rejectionOfRefusal = (reason: ReservationFailureReason): RejectionReason =>
  reason === 'PRICE_CHANGED' ? 'PRICE_CHANGED' : 'OUT_OF_STOCK';

/**
 * Whether a reservation holds the order's own prices. Products proves the price in the reservation's
 * condition, so a reply line with another price (or another currency) than the order's means the
 * order must not be charged; a reply without prices (from a products version that did not check
 * them) proves nothing either way and is taken as before. A reply line is matched to the order's
 * items by variant (two variants of one product may have two prices), else by product.
 */
export function reservedAtOrderPrices(
  order: StoredOrder,
  reserved: { lines: readonly ReservationLine[]; currency?: string | undefined },
): boolean {
  if (reserved.currency !== undefined && reserved.currency !== order.currency) return false;
  return reserved.lines.every(
    (line) =>
      line.unitPrice === undefined ||
      itemsOfLine(order, line).every((item) => item.unitPrice === line.unitPrice),
  );
}

/** The event that announces an order reaching each status. */
export const eventOfStatus = {
  PENDING: orderPlaced,
  CONFIRMED: orderConfirmed,
  REJECTED: orderRejected,
  CANCELLED: orderCancelled,
  SHIPPED: orderShipped,
  DELIVERED: orderDelivered,
} as const;

/**
 * A stable event id (UUID-shaped) for what one incoming event causes without a state change, so
 * handling that event again sends the same id and consumers drop the repeat.
 */
export function causedEventId(purpose: string, causeId: string): string {
  const hex = createHash('sha256').update(`${purpose}:${causeId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
