import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, isConditionFailure, lostRace } from '@shop/aws';
import { CARTS_SOURCE, checkoutRequested, DEFAULT_STORE_ID, productIdOfVariant } from '@shop/contracts';
import {
  ConflictError,
  HttpError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
} from '@shop/errors';
import { createEvent, type TransactPut } from '@shop/events';
import {
  CART_TTL_SECONDS,
  type Cart,
  type CartOwner,
  emptyCart,
  type OrderProgress,
  removeLine,
  removePromotionCode,
  removeVariantLine,
  setDelivery,
  setPromotionCode,
  setQuantity,
  settleOrder,
  setVariantQuantity,
  startCheckout,
} from '../domain/cart.ts';
import {
  type CheckoutAccepted,
  type CheckoutBody,
  deliveryOf,
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyKeyDigest,
  moneyOf,
  orderLineOf,
  requestFingerprint,
} from '../domain/checkout.ts';
import { type CheckoutLimits, DEFAULT_CHECKOUT_LIMITS } from '../domain/open-orders.ts';
import {
  type AppliedCode,
  type Delivery,
  type PricedCart,
  type PricingStore,
  priceCart,
} from '../domain/pricing.ts';
import type { ProductReadModel } from './dynamo-product-read-model.ts';
import type { PromotionReadModel } from './dynamo-promotion-read-model.ts';

/**
 * Sort key of a user's cart in a store; checkout records sit beside it in the user's partition, so
 * erasing a customer is one Query whatever the stores. `main`'s keys are the ones from before stores
 * (`CART`, `CHECKOUT#<digest>`): every cart and key record written then is main's where it lies, with
 * no item to move and no second read. Another store's keys carry its id (`CART#<storeId>`).
 */
export const cartSk = (storeId: string): string =>
  storeId === DEFAULT_STORE_ID ? 'CART' : `CART#${storeId}`;
/** Sort key of a checkout key's record: per user, store and key (the same key in two stores is two checkouts). */
export const checkoutSk = (storeId: string, idempotencyKey: string): string =>
  storeId === DEFAULT_STORE_ID
    ? `CHECKOUT#${idempotencyKeyDigest(idempotencyKey)}`
    : `CHECKOUT#${storeId}#${idempotencyKeyDigest(idempotencyKey)}`;
/** Attempts of an optimistic write before answering 409. */
const WRITE_ATTEMPTS = 5;
/** Attempts of a checkout: a concurrent replay of the same key loses the race and reads the winner's answer. */
const CHECKOUT_ATTEMPTS = 8;

type StoredCart = Omit<Cart, 'storeId'> & { storeId?: string; sk: string; expiresAt: number };

/**
 * The answer a key gave, kept so every replay gives it again; `fingerprint` catches a reuse with another
 * body. It also carries the CheckoutRequested it started (`event`, the envelope as JSON): the table's
 * stream hands the new record to the relay, which sends it, so the record is the outbox.
 */
type CheckoutRecord = {
  userId: string;
  sk: string;
  storeId: string;
  orderId: string;
  fingerprint: string;
  event: string;
  createdAt: string;
  expiresAt: number;
};

/** The attribute of a checkout record that holds its CheckoutRequested (what the stream relay sends). */
export const CHECKOUT_EVENT_ATTRIBUTE = 'event';

/**
 * The cart a route works on: its owner, and the store's currency (what a cart holding nothing priced
 * shows; USD when not given).
 */
export type Shopper = CartOwner & { store?: PricingStore | undefined };

/** The caller's cart in the request's store, priced with that store's currency, tax and shipping. */
export const shopperIn = (store: PricingStore & { storeId: string }, userId: string): Shopper => ({
  userId,
  storeId: store.storeId,
  store,
});

/** What the cart routes and the order-events consumer do to carts; each call stays in one store's cart. */
export interface Carts {
  view(shopper: Shopper): Promise<PricedCart>;
  /**
   * Sets the quantity of a one-variant product: 404 for a product unknown in the shopper's store
   * (another store's product is unknown here), 409 for a product with several variants.
   */
  setQuantity(shopper: Shopper, productId: string, quantity: number): Promise<PricedCart>;
  /** Sets the quantity of one variant: 404 for a variant (or its product) unknown in the shopper's store. */
  setVariantQuantity(shopper: Shopper, variantId: string, quantity: number): Promise<PricedCart>;
  /** Sets where the cart goes and how: 409 for a shipping option that does not deliver there. */
  setDelivery(shopper: Shopper, delivery: Delivery): Promise<PricedCart>;
  /**
   * Prices the cart with the store's promotion code: 404 for an unknown code, 409 when it does not
   * apply now (the problem says why); nothing is written then.
   */
  setPromotion(shopper: Shopper, code: string): Promise<PricedCart>;
  /** Takes the promotion code off the cart. */
  removePromotion(shopper: Shopper): Promise<PricedCart>;
  /** Takes every variant of the product out of the cart. */
  removeItem(shopper: Shopper, productId: string): Promise<PricedCart>;
  /** Takes one variant's line out of the cart. */
  removeVariant(shopper: Shopper, variantId: string): Promise<PricedCart>;
  /** Empties the cart's lines; its orders in flight and open still count against the limits. */
  clear(owner: CartOwner): Promise<void>;
  /**
   * Checks the cart out once per (user, store, key): every replay answers the first answer; 422 for
   * another body; 409 for an empty cart or when the customer's limits in the store refuse another
   * checkout now.
   */
  checkout(
    shopper: Shopper,
    idempotencyKey: string,
    body: CheckoutBody,
    correlationId: string,
  ): Promise<CheckoutAccepted>;
  /** Applies how far `orderId` got to the owner's cart and open orders; answers whether anything changed. */
  settle(
    owner: CartOwner,
    orderId: string,
    progress: OrderProgress,
    promotionCode?: string,
  ): Promise<boolean>;
}

const epochSeconds = () => Math.floor(Date.now() / 1000);
const newOrderId = () => `o-${randomBytes(12).toString('hex')}`;

// Spread retries out so concurrent writers do not collide again in lockstep.
const backOff = (attempt: number) => sleep(10 + Math.random() * 40 * attempt);

/**
 * Carts in DynamoDB: one item per user and store (`userId`, sk `cartSk(storeId)`) holding the lines, the checkouts in
 * flight and the open orders, with a TTL that every write pushes 30 days out; each write is
 * conditioned on the version read. A checkout writes its idempotency record (carrying the
 * CheckoutRequested) and the cart in one transaction, so the limits it checked hold when it commits.
 */
export function dynamoCarts(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  products: ProductReadModel;
  /** The promotion codes a cart may carry (none: a code never applies). */
  promotions?: PromotionReadModel;
  /** Default: DEFAULT_CHECKOUT_LIMITS (the functions pass the stage's, from stages.yml). */
  limits?: CheckoutLimits;
}): Carts {
  const { tableName, client, products, promotions } = options;
  const limits = options.limits ?? DEFAULT_CHECKOUT_LIMITS;

  async function read({ userId, storeId }: CartOwner): Promise<Cart> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { userId, sk: cartSk(storeId) }, ConsistentRead: true }),
    );
    if (!Item) return emptyCart(userId, 0, storeId);
    const { sk: _sk, expiresAt, ...stored } = Item as StoredCart;
    // TTL deletes within days, not at once: an expired cart is empty already (its version still guards writes).
    if (expiresAt <= epochSeconds()) return emptyCart(userId, stored.version, storeId);
    // Carts written before open orders were kept have none; before stores, no storeId (the key says main).
    return { ...stored, storeId, openOrders: stored.openOrders ?? [] };
  }

  function cartPut(next: Cart, readVersion: number): TransactPut {
    const item: StoredCart = {
      ...next,
      sk: cartSk(next.storeId),
      expiresAt: epochSeconds() + CART_TTL_SECONDS,
    };
    return {
      Put: {
        TableName: tableName,
        Item: item,
        ...(readVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(userId)' }
          : {
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': readVersion },
            }),
      },
    };
  }

  /** The promotion the cart's code names (read with the products), as pricing is asked to use it. */
  async function codeOf(cart: Cart, mode: AppliedCode['mode']): Promise<AppliedCode | undefined> {
    const code = cart.promotionCode;
    if (code === undefined) return undefined;
    return { code, promotion: await promotions?.find(cart.storeId, code), mode };
  }

  // Priced from the cart's own store's products only, for its delivery (a checkout's, when given);
  // `codeMode` says whether a code that does not apply is refused (AppliedCode).
  const price = async (
    cart: Cart,
    store?: PricingStore,
    delivery = cart.delivery,
    strict = false,
    codeMode: AppliedCode['mode'] = 'view',
  ) => {
    const [found, promotion] = await Promise.all([
      products.findMany(
        cart.storeId,
        cart.lines.map((line) => line.productId),
      ),
      codeOf(cart, codeMode),
    ]);
    return priceCart(cart.lines, found, store, delivery, { strict, promotion });
  };

  /** Read, change, write if unchanged meanwhile; `change` answering undefined means nothing to write. */
  async function mutate(
    owner: CartOwner,
    change: (cart: Cart) => Promise<Cart | undefined> | Cart | undefined,
  ): Promise<{ cart: Cart; changed: boolean }> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
      const cart = await read(owner);
      const next = await change(cart);
      if (!next) return { cart, changed: false };
      try {
        await client.send(new PutCommand(cartPut(next, cart.version).Put as NonNullable<TransactPut['Put']>));
        return { cart: next, changed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        await backOff(attempt);
      }
    }
    throw new ConflictError('The cart is being changed by another request; retry.');
  }

  async function recordedAnswer(
    { userId, storeId }: CartOwner,
    idempotencyKey: string,
    fingerprint: string,
  ): Promise<CheckoutAccepted | undefined> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { userId, sk: checkoutSk(storeId, idempotencyKey) },
        ConsistentRead: true,
      }),
    );
    const record = Item as CheckoutRecord | undefined;
    if (!record || record.expiresAt <= epochSeconds()) return undefined;
    if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return { orderId: record.orderId, status: 'PENDING' };
  }

  return {
    async view(shopper) {
      return price(await read(shopper), shopper.store);
    },

    async setQuantity(shopper, productId, quantity) {
      const product = await products.find(shopper.storeId, productId);
      if (!product) throw new NotFoundError(`No product has the id "${productId}".`);
      const { cart } = await mutate(shopper, async (current) =>
        setQuantity(current, product, quantity, await price(current, shopper.store)),
      );
      return price(cart, shopper.store);
    },

    async setVariantQuantity(shopper, variantId, quantity) {
      const product = await products.find(shopper.storeId, productIdOfVariant(variantId));
      if (!product) throw new NotFoundError(`No variant has the id "${variantId}".`);
      const { cart } = await mutate(shopper, async (current) =>
        setVariantQuantity(current, product, variantId, quantity, await price(current, shopper.store)),
      );
      return price(cart, shopper.store);
    },

    // Both price the changed cart strictly before writing it, refusing what does not apply with
    // nothing written; a cart that passes prices exactly as its view, so that price is the answer.
    async setDelivery(shopper, delivery) {
      let priced: PricedCart | undefined;
      await mutate(shopper, async (current) => {
        const next = setDelivery(current, delivery);
        // 409 for an option that does not deliver there.
        priced = await price(next, shopper.store, next.delivery, true);
        return next;
      });
      return priced as PricedCart;
    },

    async setPromotion(shopper, code) {
      let priced: PricedCart | undefined;
      await mutate(shopper, async (current) => {
        const next = setPromotionCode(current, code);
        // 404 for an unknown code, 409 for one that does not apply now.
        priced = await price(next, shopper.store, next.delivery, false, 'apply');
        return next;
      });
      return priced as PricedCart;
    },

    async removePromotion(shopper) {
      const { cart } = await mutate(shopper, (current) => removePromotionCode(current));
      return price(cart, shopper.store);
    },

    async removeItem(shopper, productId) {
      const { cart } = await mutate(shopper, (current) => removeLine(current, productId));
      return price(cart, shopper.store);
    },

    async removeVariant(shopper, variantId) {
      const { cart } = await mutate(shopper, (current) => removeVariantLine(current, variantId));
      return price(cart, shopper.store);
    },

    async clear({ userId, storeId }) {
      // Only the lines go: the checkouts in flight and open orders stay, or emptying the cart would
      // lift the customer's limits. An expired (or absent) cart is empty already.
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { userId, sk: cartSk(storeId) },
            UpdateExpression:
              'SET #lines = :none, storeId = :store, updatedAt = :now, expiresAt = :expiresAt ADD version :one',
            ConditionExpression: 'attribute_exists(userId) AND expiresAt > :epoch',
            ExpressionAttributeNames: { '#lines': 'lines' },
            ExpressionAttributeValues: {
              ':none': [],
              ':store': storeId,
              ':now': new Date().toISOString(),
              ':epoch': epochSeconds(),
              ':expiresAt': epochSeconds() + CART_TTL_SECONDS,
              ':one': 1,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async checkout(shopper, idempotencyKey, body, correlationId) {
      const { userId, storeId } = shopper;
      const fingerprint = requestFingerprint(body);
      for (let attempt = 1; attempt <= CHECKOUT_ATTEMPTS; attempt += 1) {
        const answered = await recordedAnswer(shopper, idempotencyKey, fingerprint);
        if (answered) return answered;

        const cart = await read(shopper);
        // A code that no longer applies (expired, used up, deleted) is a 409: the customer takes it off
        // or waits, and is never charged another total than the cart showed.
        const priced = await price(cart, shopper.store, deliveryOf(cart, body), true, 'checkout');
        const shippingAddress = priced.shippingAddress;
        if (!shippingAddress)
          throw new ValidationError('The checkout needs a shipping address.', [
            { field: 'shippingAddress', message: 'is required when the cart has none (PUT /cart/delivery)' },
          ]);
        const orderId = newOrderId();
        let next: Cart;
        try {
          next = startCheckout(cart, orderId, priced, limits);
        } catch (error) {
          // A concurrent replay of this key may have committed between the key's read above and the
          // cart's: its checkout is then the one in flight, and the replay answers it, not a 409.
          if (!(error instanceof HttpError && error.status === 409)) throw error;
          const committed = await recordedAnswer(shopper, idempotencyKey, fingerprint);
          if (committed) return committed;
          throw error;
        }
        const event = createEvent(
          checkoutRequested,
          {
            storeId,
            orderId,
            userId,
            lines: priced.items.map(orderLineOf),
            currency: priced.currency,
            total: priced.total,
            ...moneyOf(priced, shopper.store),
            shippingAddress,
            paymentMethod: body.paymentMethod,
          },
          { source: CARTS_SOURCE, correlationId },
        );
        const now = new Date();
        const record: CheckoutRecord = {
          userId,
          sk: checkoutSk(storeId, idempotencyKey),
          storeId,
          orderId,
          fingerprint,
          event: JSON.stringify(checkoutRequested.envelope.parse(event)),
          createdAt: now.toISOString(),
          expiresAt: epochSeconds() + IDEMPOTENCY_TTL_SECONDS,
        };
        try {
          // All or nothing: the key's answer with the order request, and the cart's checkout in flight.
          // The request goes out from the record's stream (the relay), not from here: no second write
          // to mark it sent, no outbox item beside the record.
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: record,
                    ConditionExpression: 'attribute_not_exists(userId) OR expiresAt <= :now',
                    ExpressionAttributeValues: { ':now': epochSeconds() },
                  },
                },
                cartPut(next, cart.version),
              ],
            }),
          );
        } catch (error) {
          // Lost to a condition (a concurrent writer got there first) or to a concurrent transaction.
          if (!cancellationReasons(error)?.some(lostRace)) throw error;
          // A replay of this key (or a cart edit) committed first: look again.
          await backOff(attempt);
          continue;
        }
        return { orderId, status: 'PENDING' };
      }
      throw new ConflictError('The cart is being changed by another request; retry the checkout.');
    },

    async settle(owner, orderId, progress, promotionCode) {
      const { changed } = await mutate(owner, (cart) =>
        settleOrder(cart, orderId, progress, new Date(), promotionCode),
      );
      return changed;
    },
  };
}
