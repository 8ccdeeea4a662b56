import { administers, type Principal } from '@shop/auth';
import { type StorePage, storeIdSchema } from '@shop/contracts';
import { ConflictError, ForbiddenError, NotFoundError } from '@shop/errors';
import { decodeCursor, encodeCursor, type PaginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import {
  changeStore,
  listingPage,
  type NewStore,
  openStore,
  publicStore,
  type Store,
  type StorePatch,
  type StoreRecord,
  storeOrMain,
} from './store.ts';

/** What a change was asked under: passed on to the event it publishes. */
export type ChangeContext = { correlationId?: string };

/**
 * Where stores are kept, each with its checkout settings; each write also commits its StoreChanged
 * (the DynamoDB adapter, with an outbox), carrying the whole record.
 */
export interface StoreRegistry {
  /** The store as written, undefined if never written (`main` may not be). */
  find(storeId: string): Promise<StoreRecord | undefined>;
  /** Up to `limit` stores after `after` (exclusive), by storeId. */
  list(options: { after: string | undefined; limit: number }): Promise<StoreRecord[]>;
  /** Writes a store that did not exist; `taken` if one with its id does. */
  create(store: Store, context?: ChangeContext): Promise<'created' | 'taken'>;
  /**
   * Writes `next` over `previous` as it was read (none: `main` never written); `lost` when another
   * write came between.
   */
  replace(
    next: StoreRecord,
    previous: StoreRecord | undefined,
    context?: ChangeContext,
  ): Promise<'written' | 'lost'>;
}

/** The Cognito side of stores: one group per store, whose members are that store's admins. */
export interface StoreAdminGroups {
  /** Creates the store's group; nothing when it exists. */
  open(storeId: string): Promise<void>;
  /** Adds the user (by sign-in email) to the store's group; throws NotFoundError if there is no such user. */
  grant(storeId: string, email: string): Promise<void>;
  /** Takes the user out of the store's group; throws NotFoundError if there is no such user. */
  revoke(storeId: string, email: string): Promise<void>;
}

const WRITE_ATTEMPTS = 5;

// A cursor holds the one key the list resumes after, nothing a client could abuse.
const storeCursor = z.strictObject({ storeId: storeIdSchema });

/** The store as found (`main` as its defaults if never written); 404 for no such store. */
function existingStore(storeId: string, found: StoreRecord | undefined): StoreRecord {
  const store = storeOrMain(storeId, found);
  if (!store) throw new NotFoundError(`No store has the id "${storeId}".`);
  return store;
}

/** The store as kept, with its checkout settings; 404 for no such store. */
export const findStore = async (registry: StoreRegistry, storeId: string): Promise<StoreRecord> =>
  existingStore(storeId, await registry.find(storeId));

/**
 * Writes what `change` makes of the store as read, pinned to that read (`replace`): when another
 * write came between, reads again and retries, up to WRITE_ATTEMPTS times, then 409. 404 for no
 * such store; `main` never written is written from its defaults. Answers `change`'s answer.
 */
export async function rewriteStore<T>(
  registry: StoreRegistry,
  storeId: string,
  change: (current: StoreRecord) => { next: StoreRecord; answer: T },
  context?: ChangeContext,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const previous = await registry.find(storeId);
    const { next, answer } = change(existingStore(storeId, previous));
    if ((await registry.replace(next, previous, context)) === 'written') return answer;
    if (attempt >= WRITE_ATTEMPTS) throw new ConflictError('The store kept changing; try again.');
  }
}

/** The rules of the stores service, behind its two ports. */
export function storeManagement(deps: {
  registry: StoreRegistry;
  groups: StoreAdminGroups;
  now?: () => Date;
}) {
  const { registry, groups } = deps;
  const now = deps.now ?? (() => new Date());

  // What the store routes answer is the store alone: its checkout settings have routes of their own.
  const existing = async (storeId: string): Promise<Store> => publicStore(await findStore(registry, storeId));

  return {
    /** One store; `main` always answers. */
    get: existing,

    /** A page of stores by storeId; the cursor holds the last storeId of the page before. */
    async list(query: PaginationQuery): Promise<StorePage> {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, storeCursor).storeId;
      const found = await registry.list({ after, limit: query.limit + 1 });
      const { items, more } = listingPage(found.map(publicStore), { after, limit: query.limit });
      const last = items.at(-1);
      return { items, nextCursor: more && last ? encodeCursor({ storeId: last.storeId }) : null };
    },

    /**
     * Opens a store: its admin group first (so the store never exists without one; a group left by a
     * failed attempt is simply reused), then the store and its StoreChanged. 409 if the id is taken.
     */
    async open(input: NewStore, context?: ChangeContext): Promise<Store> {
      const taken = new ConflictError(`The store id "${input.storeId}" is taken.`);
      if (storeOrMain(input.storeId, await registry.find(input.storeId))) throw taken;
      await groups.open(input.storeId);
      const store = openStore(input, now());
      if ((await registry.create(store, context)) === 'taken') throw taken;
      return store;
    },

    /** Changes a store: the platform admin, or that store's own admin; 403 for anyone else. */
    async change(
      storeId: string,
      patch: StorePatch,
      principal: Principal,
      context?: ChangeContext,
    ): Promise<Store> {
      // Before anything is read: a store admin learns nothing about other stores, not even whether they exist.
      if (!administers(principal, storeId)) throw new ForbiddenError();
      return rewriteStore(
        registry,
        storeId,
        (current) => {
          // The record's checkout settings stay on it, and in its StoreChanged.
          const next = changeStore(current, patch, now());
          return { next, answer: publicStore(next) };
        },
        context,
      );
    },

    /** Makes the user an admin of the store, from their next sign-in or token refresh. */
    async grantAdmin(storeId: string, email: string): Promise<void> {
      await existing(storeId);
      await groups.grant(storeId, email);
    },

    /** The user stops administering the store once their current access token expires. */
    async revokeAdmin(storeId: string, email: string): Promise<void> {
      await existing(storeId);
      await groups.revoke(storeId, email);
    },
  };
}

export type StoreManagement = ReturnType<typeof storeManagement>;
