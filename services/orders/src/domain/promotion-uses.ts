// The uses of a store's promotion codes: counted when an order is confirmed, given back when it is
// rejected or cancelled (the saga's part; the admin routes are promotions.ts).
import { ORDERS_SOURCE, type Promotion, type PromotionPage, promotionChanged } from '@shop/contracts';
import { createEvent, type EventEnvelope } from '@shop/events';
import type { PromotionClaim, StoredOrder } from './order.ts';
import { retryingRaces } from './order-store.ts';

export type { PromotionClaim };

/**
 * A promotion as orders keeps it: the API's view plus its store, a `version` that grows with every
 * write (PromotionChanged carries it, so a copy keeps the newest), and, once deleted, only a
 * tombstone (`deleted`) that keeps the version going should the code be created again.
 */
export type StoredPromotion = Promotion & { storeId: string; version: number; deleted?: boolean };

/** Why an order's promotion could not be counted: its limits are used up, or it no longer exists. */
export type ClaimRefusal = 'PROMOTION_USED_UP' | 'PROMOTION_UNAVAILABLE';

/** The promotion was written by someone else since it was read (its version moved). */
export class PromotionChangedError extends Error {
  constructor(code: string) {
    super(`Promotion ${code} changed while it was being updated`);
    this.name = 'PromotionChangedError';
  }
}

/** Where promotions and their uses live; every write goes with its PromotionChanged (the outbox). */
export interface PromotionStore {
  /** The promotion or its tombstone, read strongly. */
  find(storeId: string, code: string): Promise<StoredPromotion | undefined>;
  /** The store's promotions (no tombstones), by code. */
  list(storeId: string, query: { limit: number; cursor?: string | undefined }): Promise<PromotionPage>;
  /**
   * Writes `next` if the item is still at `expectedVersion` (0: absent), with its event; else throws
   * PromotionChangedError.
   */
  save(next: StoredPromotion, expectedVersion: number, event: EventEnvelope): Promise<void>;
  /**
   * Counts the order's use in one transaction: the order (still PENDING and holding no claim) records
   * `claim`, the promotion becomes `next` (if still at `next.version - 1`), and with a per-customer
   * limit the customer's count grows if below it. Answers 'customer-limit' when that count is full;
   * throws PromotionChangedError or (the order moved) the store's OrderChangedError.
   */
  claim(
    order: StoredOrder,
    claim: PromotionClaim,
    next: StoredPromotion,
    perCustomerLimit: number | undefined,
    event: EventEnvelope,
  ): Promise<'claimed' | 'customer-limit'>;
  /**
   * Gives the order's use back in one transaction: the order's claim is removed (only once), the
   * promotion becomes `next` (when it still exists as the one counted; undefined: only the order and
   * the customer's count change) and the customer's count shrinks. False when the claim was gone.
   */
  release(
    order: StoredOrder,
    claim: PromotionClaim,
    next: StoredPromotion | undefined,
    event: EventEnvelope | undefined,
  ): Promise<boolean>;
}

/** A promotion's API view: nothing but the contract's fields. */
export function toPromotionView(stored: StoredPromotion): Promotion {
  const { storeId: _store, version: _version, deleted: _deleted, ...view } = stored;
  return view;
}

/** The PromotionChanged of a write: the promotion's new version, its view, deleted or not. */
export function changeEvent(stored: StoredPromotion, correlationId: string): EventEnvelope {
  return createEvent(
    promotionChanged,
    {
      storeId: stored.storeId,
      version: stored.version,
      promotion: toPromotionView(stored),
      ...(stored.deleted ? { deleted: true } : {}),
    },
    { source: ORDERS_SOURCE, correlationId },
  );
}

/**
 * Whether the order's promotion may be counted: it exists (not deleted), was valid when the customer
 * checked out (its window) and has a use left overall. The per-customer limit is the transaction's.
 */
export function claimRefusal(
  promotion: StoredPromotion | undefined,
  order: StoredOrder,
): ClaimRefusal | undefined {
  if (!promotion || promotion.deleted) return 'PROMOTION_UNAVAILABLE';
  const at = Date.parse(order.checkoutAt);
  if (promotion.startsAt && at < Date.parse(promotion.startsAt)) return 'PROMOTION_UNAVAILABLE';
  if (promotion.endsAt && at >= Date.parse(promotion.endsAt)) return 'PROMOTION_UNAVAILABLE';
  if (promotion.usageLimit !== undefined && promotion.timesUsed >= promotion.usageLimit)
    return 'PROMOTION_USED_UP';
  return undefined;
}

/** How often a promotion write is tried again after losing to a concurrent one. */
const ATTEMPTS = 8;

/** Runs `decide` again after a lost promotion race (spread out, so racers do not collide in step). */
export const retryingPromotionRaces = <T>(code: string, decide: () => Promise<T>): Promise<T> =>
  retryingRaces(decide, ATTEMPTS, {
    lost: (error) => error instanceof PromotionChangedError,
    conflict: `The promotion ${code} kept changing; try again.`,
    pause: (attempt) => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt)),
  });

/**
 * Counting and giving back uses, each write conditioned on the version read, so `timesUsed` stays
 * exact under any concurrency.
 */
export function promotionUses(deps: { store: PromotionStore; now?: () => Date }) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Counts a use for the order about to be confirmed (before its payment is authorized): nothing to
     * do for an order without a code or one already counted; a refusal when the code no longer
     * applies or a limit is reached.
     */
    async claimFor(order: StoredOrder): Promise<ClaimRefusal | undefined> {
      const code = order.promotionCode;
      if (!code || order.promotionClaim) return undefined;
      return retryingPromotionRaces(code, async () => {
        const current = await store.find(order.storeId, code);
        const refusal = claimRefusal(current, order);
        if (refusal || !current) return refusal;
        const next: StoredPromotion = {
          ...current,
          timesUsed: current.timesUsed + 1,
          version: current.version + 1,
          updatedAt: now().toISOString(),
        };
        const claim: PromotionClaim = {
          code,
          createdAt: current.createdAt,
          perCustomer: current.perCustomerLimit !== undefined,
        };
        const outcome = await store.claim(
          order,
          claim,
          next,
          current.perCustomerLimit,
          changeEvent(next, order.correlationId),
        );
        return outcome === 'customer-limit' ? 'PROMOTION_USED_UP' : undefined;
      });
    },

    /**
     * Gives back the use a rejected or cancelled order holds (once: the claim is removed with it). A
     * promotion deleted, or deleted and created again, since is not touched; the customer's count is.
     */
    async releaseFor(order: StoredOrder): Promise<void> {
      const claim = order.promotionClaim;
      if (!claim || (order.status !== 'REJECTED' && order.status !== 'CANCELLED')) return;
      await retryingPromotionRaces(claim.code, async () => {
        const current = await store.find(order.storeId, claim.code);
        const same = current && !current.deleted && current.createdAt === claim.createdAt;
        const next: StoredPromotion | undefined = same
          ? {
              ...current,
              timesUsed: Math.max(0, current.timesUsed - 1),
              version: current.version + 1,
              updatedAt: now().toISOString(),
            }
          : undefined;
        await store.release(order, claim, next, next && changeEvent(next, order.correlationId));
      });
    },
  };
}

export type PromotionUses = ReturnType<typeof promotionUses>;
