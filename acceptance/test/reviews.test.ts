// Issue 16, reviews through the local base URL only: a shopper buys "Size M / Blue" of a T-shirt, the
// admin ships and delivers it, and within 30 s of the delivery the shopper may review it (before, 403);
// a second review is 409; the product's rating counts it; bad bodies are 400; a stranger cannot delete
// it, the author can, and the rating is back to nothing.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

type Variant = { variantId: string; sku: string; options: Record<string, string>; price: number };
type Product = { productId: string; variants: Variant[]; rating: { average: number; count: number } };

const SIZES = ['S', 'M', 'L'];
const COLOURS = ['Blue', 'Black'];
let admin: SignedInUser;
let shirt: Product;

const getProduct = async (productId: string) =>
  (await api.request('GET', `/products/${productId}`)).body as Product;
const reviewsPath = () => `/products/${shirt.productId}/reviews`;

beforeAll(async () => {
  admin = await api.admin();
  const suffix = randomUUID().slice(0, 8);
  const created = await api.request('POST', '/products', {
    token: admin.accessToken,
    body: {
      name: `Acceptance reviewed shirt ${suffix}`,
      description: 'Cotton, in three sizes and two colours.',
      category: `acceptance-${suffix}`,
      options: [
        { name: 'Size', values: SIZES },
        { name: 'Colour', values: COLOURS },
      ],
      variants: SIZES.flatMap((size, row) =>
        COLOURS.map((colour, column) => ({
          sku: `REV-${suffix}-${size}-${colour}`.toUpperCase(),
          options: { Size: size, Colour: colour },
          price: 1500 + row * 100 + column * 10,
          stock: 5,
        })),
      ),
    },
  });
  expect(created.status).toBe(201);
  shirt = created.body as Product;
  expect(shirt.rating).toEqual({ average: 0, count: 0 });
});

describe('issue 16: a variant bought, delivered and reviewed', () => {
  it("lets only the delivered buyer review it, once, and the product's rating follows", async () => {
    const shopper = await api.newCustomer('reviewer');
    const chosen = shirt.variants.find(
      (variant) => variant.options.Size === 'M' && variant.options.Colour === 'Blue',
    ) as Variant;
    const put = await api.request('PUT', `/cart/variants/${chosen.variantId}`, {
      token: shopper.accessToken,
      body: { quantity: 1 },
    });
    expect(put.status).toBe(200);

    // Not a buyer yet: no review.
    const early = await api.request('POST', reviewsPath(), {
      token: shopper.accessToken,
      body: { rating: 4, title: 'Nice', body: 'Fits well.' },
    });
    expect(early.status).toBe(403);

    const accepted = await api.request('POST', '/cart/checkout', {
      token: shopper.accessToken,
      body: { shippingAddress: ADDRESS },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(accepted.status).toBe(202);
    const orderId = accepted.body.orderId as string;
    expect((await api.settledOrder(orderId, shopper.accessToken, 30_000)).status).toBe('CONFIRMED');
    expect((await api.request('POST', `/orders/${orderId}/ship`, { token: admin.accessToken })).status).toBe(
      200,
    );
    // Shipped is not received: still no review.
    const shipped = await api.request('POST', reviewsPath(), {
      token: shopper.accessToken,
      body: { rating: 4, title: 'Nice', body: 'Fits well.' },
    });
    expect(shipped.status).toBe(403);
    expect(
      (await api.request('POST', `/orders/${orderId}/deliver`, { token: admin.accessToken })).status,
    ).toBe(200);

    // Delivery makes the shopper a verified buyer within seconds (OrderDelivered into the reviews service).
    const deliveredAt = Date.now();
    const review = await poll(
      'the delivered buyer to be allowed to review',
      () =>
        api.request('POST', reviewsPath(), {
          token: shopper.accessToken,
          body: { rating: 4, title: 'Nice <b>shirt</b>', body: '<script>alert(1)</script> Fits well.' },
        }),
      (answer) => answer.status !== 403,
      { timeoutMs: 30_000 },
    );
    expect(review.status).toBe(201);
    expect(Date.now() - deliveredAt).toBeLessThan(30_000);
    // Plain text: stored and answered as given, never as markup; the author by their profile name.
    expect(review.body).toMatchObject({
      productId: shirt.productId,
      rating: 4,
      title: 'Nice <b>shirt</b>',
      authorName: 'reviewer',
    });
    expect(review.body.body).toBe('<script>alert(1)</script> Fits well.');
    expect(review.text).not.toContain(shopper.email);

    const second = await api.request('POST', reviewsPath(), {
      token: shopper.accessToken,
      body: { rating: 5, title: 'Again', body: '' },
    });
    expect(second.status).toBe(409);

    const rated = await poll(
      'the product rating to count the review',
      () => getProduct(shirt.productId),
      (product) => product.rating.count === 1,
      { timeoutMs: 30_000 },
    );
    expect(rated.rating).toEqual({ average: 4, count: 1 });

    const listed = await api.request('GET', reviewsPath());
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ reviewId: review.body.reviewId, rating: 4 }),
    ]);
    const mine = await api.request('GET', `/reviews/mine/${shirt.productId}`, { token: shopper.accessToken });
    expect(mine.body).toMatchObject({ reviewId: review.body.reviewId });

    // Bad reviews are refused, never a 5xx.
    for (const body of [
      { rating: 0, title: 'Zero', body: '' },
      { rating: 6, title: 'Six', body: '' },
      { rating: 4.5, title: 'Half', body: '' },
      { rating: 3, title: 'x'.repeat(10_000), body: '' },
    ]) {
      const refused = await api.request('PUT', `${reviewsPath()}/mine`, { token: shopper.accessToken, body });
      expect(refused.status).toBe(400);
    }

    // An edit of the stars moves the rating too.
    const edited = await api.request('PUT', `${reviewsPath()}/mine`, {
      token: shopper.accessToken,
      body: { rating: 2, title: 'Shrank', body: 'After one wash.' },
    });
    expect(edited.status).toBe(200);
    const rerated = await poll(
      'the product rating to follow the edit',
      () => getProduct(shirt.productId),
      (product) => product.rating.average === 2,
      { timeoutMs: 30_000 },
    );
    expect(rerated.rating).toEqual({ average: 2, count: 1 });

    // Another user can neither change nor delete it; the author can.
    const stranger = await api.newCustomer('review-stranger');
    expect(
      (
        await api.request('PUT', `${reviewsPath()}/mine`, {
          token: stranger.accessToken,
          body: { rating: 1, title: 'Mine now', body: '' },
        })
      ).status,
    ).toBe(404);
    const foreignDelete = await api.request('DELETE', `${reviewsPath()}/${review.body.reviewId}`, {
      token: stranger.accessToken,
    });
    expect([403, 404]).toContain(foreignDelete.status);
    expect((await api.request('GET', reviewsPath())).body.items).toHaveLength(1);
    const deleted = await api.request('DELETE', `${reviewsPath()}/${review.body.reviewId}`, {
      token: shopper.accessToken,
    });
    expect(deleted.status).toBe(204);
    expect((await api.request('GET', reviewsPath())).body.items).toEqual([]);
    const unrated = await poll(
      'the product rating to drop the deleted review',
      () => getProduct(shirt.productId),
      (product) => product.rating.count === 0,
      { timeoutMs: 30_000 },
    );
    expect(unrated.rating).toEqual({ average: 0, count: 0 });
  });
});
