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
import { CARTS_SOURCE, checkoutRequested } from '@shop/contracts';
import { ConflictError, HttpError, IdempotencyKeyReusedError, NotFoundError } from '@shop/errors';
import { createEvent, type TransactPut } from '@shop/events';
import {
  CART_TTL_SECONDS,
  type Cart,
  emptyCart,
  type OrderProgress,
  removeLine,
  setQuantity,
  settleOrder,
  startCheckout,
} from '../domain/cart.ts';
import {
  type CheckoutAccepted,
  type CheckoutBody,
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyKeyDigest,
  requestFingerprint,
} from '../domain/checkout.ts';
import { type CheckoutLimits, DEFAULT_CHECKOUT_LIMITS } from '../domain/open-orders.ts';
import { type PricedCart, priceCart } from '../domain/pricing.ts';
import type { ProductReadModel } from './dynamo-product-read-model.ts';

/** Sort key of a user's cart item; checkout records sit beside it in the user's partition. */
const CART_SK = 'CART';
const checkoutSk = (idempotencyKey: string) => `CHECKOUT#${idempotencyKeyDigest(idempotencyKey)}`;
/** Attempts of an optimistic write before answering 409. */
const WRITE_ATTEMPTS = 5;
/** Attempts of a checkout: a concurrent replay of the same key loses the race and reads the winner's answer. */
const CHECKOUT_ATTEMPTS = 8;

type StoredCart = Cart & { sk: typeof CART_SK; expiresAt: number };

/**
 * The answer a key gave, kept so every replay gives it again; `fingerprint` catches a reuse with another
 * body. It also carries the CheckoutRequested it started (`event`, the envelope as JSON): the table's
 * stream hands the new record to the relay, which sends it, so the record is the outbox.
 */
type CheckoutRecord = {
  userId: string;
  sk: string;
  orderId: string;
  fingerprint: string;
  event: string;
  createdAt: string;
  expiresAt: number;
};

/** The attribute of a checkout record that holds its CheckoutRequested (what the stream relay sends). */
export const CHECKOUT_EVENT_ATTRIBUTE = 'event';

/** What the cart routes and the order-events consumer do to carts. */
export interface Carts {
  view(userId: string): Promise<PricedCart>;
  setQuantity(userId: string, productId: string, quantity: number): Promise<PricedCart>;
  removeItem(userId: string, productId: string): Promise<PricedCart>;
  /** Empties the cart's lines; its orders in flight and open still count against the limits. */
  clear(userId: string): Promise<void>;
  /**
   * Checks the cart out once per (user, key): every replay answers the first answer; 422 for another
   * body; 409 for an empty cart or when the customer's limits refuse another checkout now.
   */
  checkout(
    userId: string,
    idempotencyKey: string,
    body: CheckoutBody,
    correlationId: string,
  ): Promise<CheckoutAccepted>;
  /** Applies how far `orderId` got to the user's cart and open orders; answers whether anything changed. */
  settle(userId: string, orderId: string, progress: OrderProgress): Promise<boolean>;
}

const epochSeconds = () => Math.floor(Date.now() / 1000);
const newOrderId = () => `o-${randomBytes(12).toString('hex')}`;

// Spread retries out so concurrent writers do not collide again in lockstep.
const backOff = (attempt: number) => sleep(10 + Math.random() * 40 * attempt);

/**
 * Carts in DynamoDB: one item per user (`userId`, sk `CART`) holding the lines, the checkouts in
 * flight and the open orders, with a TTL that every write pushes 30 days out; each write is
 * conditioned on the version read. A checkout writes its idempotency record (carrying the
 * CheckoutRequested) and the cart in one transaction, so the limits it checked hold when it commits.
 */
export function dynamoCarts(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  products: ProductReadModel;
  /** Default: DEFAULT_CHECKOUT_LIMITS (the functions pass the stage's, from stages.yml). */
  limits?: CheckoutLimits;
}): Carts {
  const { tableName, client, products } = options;
  const limits = options.limits ?? DEFAULT_CHECKOUT_LIMITS;

  async function read(userId: string): Promise<Cart> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { userId, sk: CART_SK }, ConsistentRead: true }),
    );
    if (!Item) return emptyCart(userId);
    const { sk: _sk, expiresAt, ...stored } = Item as StoredCart;
    // TTL deletes within days, not at once: an expired cart is empty already (its version still guards writes).
    if (expiresAt <= epochSeconds()) return emptyCart(userId, stored.version);
    // Carts written before open orders were kept have none.
    return { ...stored, openOrders: stored.openOrders ?? [] };
  }

  function cartPut(next: Cart, readVersion: number): TransactPut {
    const item: StoredCart = { ...next, sk: CART_SK, expiresAt: epochSeconds() + CART_TTL_SECONDS };
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

  const price = async (cart: Cart) =>
    priceCart(cart.lines, await products.findMany(cart.lines.map((line) => line.productId)));

  /** Read, change, write if unchanged meanwhile; `change` answering undefined means nothing to write. */
  async function mutate(
    userId: string,
    change: (cart: Cart) => Promise<Cart | undefined> | Cart | undefined,
  ): Promise<{ cart: Cart; changed: boolean }> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
      const cart = await read(userId);
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
    userId: string,
    idempotencyKey: string,
    fingerprint: string,
  ): Promise<CheckoutAccepted | undefined> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { userId, sk: checkoutSk(idempotencyKey) },
        ConsistentRead: true,
      }),
    );
    const record = Item as CheckoutRecord | undefined;
    if (!record || record.expiresAt <= epochSeconds()) return undefined;
    if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return { orderId: record.orderId, status: 'PENDING' };
  }

  return {
    async view(userId) {
      return price(await read(userId));
    },

    async setQuantity(userId, productId, quantity) {
      const product = await products.find(productId);
      if (!product) throw new NotFoundError(`No product has the id "${productId}".`);
      const { cart } = await mutate(userId, async (current) =>
        setQuantity(current, product, quantity, await price(current)),
      );
      return price(cart);
    },

    async removeItem(userId, productId) {
      const { cart } = await mutate(userId, (current) => removeLine(current, productId));
      return price(cart);
    },

    async clear(userId) {
      // Only the lines go: the checkouts in flight and open orders stay, or emptying the cart would
      // lift the customer's limits. An expired (or absent) cart is empty already.
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { userId, sk: CART_SK },
            UpdateExpression: 'SET #lines = :none, updatedAt = :now, expiresAt = :expiresAt ADD version :one',
            ConditionExpression: 'attribute_exists(userId) AND expiresAt > :epoch',
            ExpressionAttributeNames: { '#lines': 'lines' },
            ExpressionAttributeValues: {
              ':none': [],
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

    async checkout(userId, idempotencyKey, body, correlationId) {
      const fingerprint = requestFingerprint(body);
      for (let attempt = 1; attempt <= CHECKOUT_ATTEMPTS; attempt += 1) {
        const answered = await recordedAnswer(userId, idempotencyKey, fingerprint);
        if (answered) return answered;

        const cart = await read(userId);
        const priced = await price(cart);
        const orderId = newOrderId();
        let next: Cart;
        try {
          next = startCheckout(cart, orderId, priced, limits);
        } catch (error) {
          // A concurrent replay of this key may have committed between the key's read above and the
          // cart's: its checkout is then the one in flight, and the replay answers it, not a 409.
          if (!(error instanceof HttpError && error.status === 409)) throw error;
          const committed = await recordedAnswer(userId, idempotencyKey, fingerprint);
          if (committed) return committed;
          throw error;
        }
        const event = createEvent(
          checkoutRequested,
          {
            orderId,
            userId,
            lines: priced.items.map(({ productId, name, quantity, unitPrice }) => ({
              productId,
              name,
              quantity,
              unitPrice,
            })),
            currency: priced.currency,
            total: priced.subtotal,
            shippingAddress: body.shippingAddress,
            paymentMethod: body.paymentMethod,
          },
          { source: CARTS_SOURCE, correlationId },
        );
        const now = new Date();
        const record: CheckoutRecord = {
          userId,
          sk: checkoutSk(idempotencyKey),
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

    async settle(userId, orderId, progress) {
      const { changed } = await mutate(userId, (cart) => settleOrder(cart, orderId, progress));
      return changed;
    },
  };
}
