import { type NewPromotion, type PromotionPatch, promotionProblems } from '@shop/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@shop/errors';
import {
  changeEvent,
  PromotionChangedError,
  type PromotionStore,
  retryingPromotionRaces,
  type StoredPromotion,
  toPromotionView,
} from './promotion-uses.ts';

// A store's promotion codes as its admins manage them (the routes); the counting of uses is
// promotion-uses.ts, so the saga's functions bundle neither this nor the token checks.

// `null` in a patch removes the field; undefined leaves it as it is.
type Optional = 'startsAt' | 'endsAt' | 'usageLimit' | 'perCustomerLimit' | 'minSubtotal';
const OPTIONAL: readonly Optional[] = ['startsAt', 'endsAt', 'usageLimit', 'perCustomerLimit', 'minSubtotal'];

/** The promotion after a patch, its terms checked as a create's (400 naming the field). */
export function patched(current: StoredPromotion, patch: PromotionPatch, now: Date): StoredPromotion {
  const next: Record<string, unknown> = { ...current };
  if (patch.type !== undefined) next.type = patch.type;
  if (patch.value !== undefined) next.value = patch.value;
  // A change to free shipping takes the value with it, unless the patch names one.
  else if (patch.type === 'free_shipping') next.value = 0;
  for (const field of OPTIONAL) {
    const value = patch[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  const result = { ...(next as StoredPromotion), version: current.version + 1, updatedAt: now.toISOString() };
  const problems = promotionProblems(result);
  if (problems.length > 0)
    throw new ValidationError(
      'Invalid promotion.',
      problems.map(({ path, message }) => ({ field: path.join('.'), message })),
    );
  return result;
}

/**
 * A store's promotion codes (API.md "Money at checkout"), as the admin routes create, change, delete
 * and list them (the routes let only the store's admins in). Every write is conditioned on the version read.
 */
export function promotions(deps: { store: PromotionStore; now?: () => Date }) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());

  async function existing(storeId: string, code: string): Promise<StoredPromotion> {
    const found = await store.find(storeId, code);
    if (!found || found.deleted) throw new NotFoundError(`No promotion has the code "${code}".`);
    return found;
  }

  return {
    async list(storeId: string, query: { limit: number; cursor?: string | undefined }) {
      return store.list(storeId, query);
    },

    /** POST /promotions: 409 when the code is taken (a deleted code may be created again). */
    async create(storeId: string, body: NewPromotion, meta: { correlationId: string }) {
      const before = await store.find(storeId, body.code);
      if (before && !before.deleted) throw new ConflictError(`The code ${body.code} is taken in this store.`);
      const at = now().toISOString();
      const created: StoredPromotion = {
        ...body,
        storeId,
        timesUsed: 0,
        createdAt: at,
        updatedAt: at,
        version: (before?.version ?? 0) + 1,
      };
      try {
        await store.save(created, before?.version ?? 0, changeEvent(created, meta.correlationId));
      } catch (error) {
        if (error instanceof PromotionChangedError)
          throw new ConflictError(`The code ${body.code} is taken in this store.`, { cause: error });
        throw error;
      }
      return toPromotionView(created);
    },

    /** PATCH /promotions/{code}: the given fields; `timesUsed` and the orders placed stay as they are. */
    async change(storeId: string, code: string, patch: PromotionPatch, meta: { correlationId: string }) {
      return retryingPromotionRaces(code, async () => {
        const current = await existing(storeId, code);
        const next = patched(current, patch, now());
        await store.save(next, current.version, changeEvent(next, meta.correlationId));
        return toPromotionView(next);
      });
    },

    /** DELETE /promotions/{code}: a tombstone; carts stop applying the code. */
    async remove(storeId: string, code: string, meta: { correlationId: string }) {
      await retryingPromotionRaces(code, async () => {
        const current = await existing(storeId, code);
        const tombstone: StoredPromotion = {
          ...current,
          deleted: true,
          version: current.version + 1,
          updatedAt: now().toISOString(),
        };
        await store.save(tombstone, current.version, changeEvent(tombstone, meta.correlationId));
      });
    },
  };
}

export type Promotions = ReturnType<typeof promotions>;
