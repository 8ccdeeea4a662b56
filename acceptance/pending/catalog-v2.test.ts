// PENDING (not in the acceptance run): issue 16's "done when" as the journey a shopper takes, written
// against API.md before the features. Move it to acceptance/test/ when variants, reviews and catalog
// queries are built; until then it fails, which is why no suite runs it.

// Issue 16, "done when", through the local base URL only: a shopper picks "Size M / Blue" of a
// product with options, buys it, the admin ships and delivers, the shopper reviews it and the
// product's rating changes; only that variant's stock moved. Then the catalog queries: a category
// sorted by price and filtered to in-stock, and the refusals of bad queries and reviews.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

type Variant = {
  variantId: string;
  sku: string;
  options: Record<string, string>;
  price: number;
  stock: number;
};
type Product = {
  productId: string;
  price: number;
  stock: number;
  options: Array<{ name: string; values: string[] }>;
  variants: Variant[];
  rating: { average: number; count: number };
};

// One category of this run's own, so the queries below see only what this file created.
const category = `acceptance-${randomUUID().slice(0, 8)}`;
const SIZES = ['S', 'M', 'L'];
const COLOURS = ['Blue', 'Black'];

let admin: SignedInUser;
let shirt: Product;

const getProduct = async (productId: string) =>
  (await api.request('GET', `/products/${productId}`)).body as Product;
const variantOf = (product: Product, options: Record<string, string>) =>
  product.variants.find((item) =>
    Object.entries(options).every(([name, value]) => item.options[name] === value),
  );

beforeAll(async () => {
  admin = await api.admin();
  const suffix = randomUUID().slice(0, 8);
  const created = await api.request('POST', '/products', {
    token: admin.accessToken,
    body: {
      name: `Acceptance T-shirt ${suffix}`,
      description: 'Cotton, in three sizes and two colours.',
      category,
      options: [
        { name: 'Size', values: SIZES },
        { name: 'Colour', values: COLOURS },
      ],
      variants: SIZES.flatMap((size, row) =>
        COLOURS.map((colour, column) => ({
          sku: `ACC-${suffix}-${size}-${colour}`.toUpperCase(),
          options: { Size: size, Colour: colour },
          price: 1500 + row * 100 + column * 10,
          // Size L in Black is sold out from the start.
          stock: size === 'L' && colour === 'Black' ? 0 : 5,
        })),
      ),
    },
  });
  expect(created.status).toBe(201);
  shirt = created.body as Product;
});

describe('issue 16: a variant bought, delivered and reviewed', () => {
  it('shows the variants, with the product price the lowest and the stock their sum', () => {
    expect(shirt.options).toEqual([
      { name: 'Size', values: SIZES },
      { name: 'Colour', values: COLOURS },
    ]);
    expect(shirt.variants).toHaveLength(6);
    expect(shirt.price).toBe(1500);
    expect(shirt.stock).toBe(25);
    expect(shirt.rating).toEqual({ average: 0, count: 0 });
  });

  it('sells "Size M / Blue" only, moves only its stock, and counts the buyer\'s review in the rating', async () => {
    const shopper = await api.newCustomer('variant-buyer');
    const chosen = variantOf(shirt, { Size: 'M', Colour: 'Blue' }) as Variant;

    // A product with several variants cannot be put in the cart by product id.
    const byProduct = await api.request('PUT', `/cart/items/${shirt.productId}`, {
      token: shopper.accessToken,
      body: { quantity: 1 },
    });
    expect(byProduct.status).toBe(409);
    expect(byProduct.body.detail).toContain('/cart/variants/');

    const put = await api.request('PUT', `/cart/variants/${chosen.variantId}`, {
      token: shopper.accessToken,
      body: { quantity: 1 },
    });
    expect(put.status).toBe(200);
    expect(put.body.items).toEqual([
      expect.objectContaining({
        productId: shirt.productId,
        variantId: chosen.variantId,
        sku: chosen.sku,
        options: { Size: 'M', Colour: 'Blue' },
        quantity: 1,
        unitPrice: chosen.price,
      }),
    ]);

    // Not a buyer yet: no review.
    const early = await api.request('POST', `/products/${shirt.productId}/reviews`, {
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
    const confirmed = await poll(
      `order ${orderId} to leave PENDING`,
      () => api.request('GET', `/orders/${orderId}`, { token: shopper.accessToken }),
      (answer) => answer.status === 200 && answer.body.status !== 'PENDING',
      { timeoutMs: 30_000 },
    );
    expect(confirmed.body).toMatchObject({
      status: 'CONFIRMED',
      total: chosen.price,
      items: [{ productId: shirt.productId, variantId: chosen.variantId, sku: chosen.sku, quantity: 1 }],
    });

    // Only the chosen variant's stock moved.
    const after = await getProduct(shirt.productId);
    for (const before of shirt.variants)
      expect(after.variants.find((item) => item.variantId === before.variantId)?.stock).toBe(
        before.variantId === chosen.variantId ? before.stock - 1 : before.stock,
      );
    expect(after.stock).toBe(shirt.stock - 1);

    expect((await api.request('POST', `/orders/${orderId}/ship`, { token: admin.accessToken })).status).toBe(
      200,
    );
    expect(
      (await api.request('POST', `/orders/${orderId}/deliver`, { token: admin.accessToken })).status,
    ).toBe(200);

    // Delivery makes the shopper a verified buyer within seconds (an event into the reviews service).
    const review = await poll(
      'the delivered buyer to be allowed to review',
      () =>
        api.request('POST', `/products/${shirt.productId}/reviews`, {
          token: shopper.accessToken,
          body: { rating: 4, title: 'Nice <b>shirt</b>', body: '<script>alert(1)</script> Fits well.' },
        }),
      (answer) => answer.status !== 403,
      { timeoutMs: 30_000 },
    );
    expect(review.status).toBe(201);
    // Plain text: stored and answered as given, never as markup.
    expect(review.body).toMatchObject({ rating: 4, title: 'Nice <b>shirt</b>' });
    expect(review.body.body).toBe('<script>alert(1)</script> Fits well.');

    const second = await api.request('POST', `/products/${shirt.productId}/reviews`, {
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

    const listed = await api.request('GET', `/products/${shirt.productId}/reviews`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ reviewId: review.body.reviewId, rating: 4 }),
    ]);

    // Bad reviews are refused, never a 5xx.
    for (const body of [
      { rating: 0, title: 'Zero', body: '' },
      { rating: 6, title: 'Six', body: '' },
      { rating: 4.5, title: 'Half', body: '' },
      { rating: 3, title: 'x'.repeat(10_000), body: '' },
    ]) {
      const refused = await api.request('PUT', `/products/${shirt.productId}/reviews/mine`, {
        token: shopper.accessToken,
        body,
      });
      expect(refused.status).toBe(400);
    }

    // Another user can neither change nor delete it; the author can.
    const stranger = await api.newCustomer('review-stranger');
    const foreignDelete = await api.request(
      'DELETE',
      `/products/${shirt.productId}/reviews/${review.body.reviewId}`,
      { token: stranger.accessToken },
    );
    expect([403, 404]).toContain(foreignDelete.status);
    const deleted = await api.request(
      'DELETE',
      `/products/${shirt.productId}/reviews/${review.body.reviewId}`,
      {
        token: shopper.accessToken,
      },
    );
    expect(deleted.status).toBe(204);
    const unrated = await poll(
      'the product rating to drop the deleted review',
      () => getProduct(shirt.productId),
      (product) => product.rating.count === 0,
      { timeoutMs: 30_000 },
    );
    expect(unrated.rating).toEqual({ average: 0, count: 0 });
  });
});

describe('issue 16: catalog queries', () => {
  beforeAll(async () => {
    // Two one-variant products beside the shirt: one dearer, one sold out and cheaper.
    for (const [name, price, stock] of [
      ['Acceptance mug', 2500, 3],
      ['Acceptance sticker', 100, 0],
    ] as const) {
      const created = await api.request('POST', '/products', {
        token: admin.accessToken,
        body: { name, description: 'For the catalog queries.', category, price, stock },
      });
      expect(created.status).toBe(201);
    }
  });

  it('sorts a category by price both ways and filters it to in-stock', async () => {
    const cheapest = await api.request('GET', `/products?category=${category}&sort=price`);
    expect(cheapest.status).toBe(200);
    expect(cheapest.body.items.map((item: Product) => item.price)).toEqual([100, 1500, 2500]);

    const dearest = await api.request('GET', `/products?category=${category}&sort=-price`);
    expect(dearest.body.items.map((item: Product) => item.price)).toEqual([2500, 1500, 100]);

    const inStock = await api.request('GET', `/products?category=${category}&sort=price&inStock=true`);
    expect(inStock.body.items.map((item: Product) => item.price)).toEqual([1500, 2500]);

    const bounded = await api.request('GET', `/products?category=${category}&minPrice=1000&maxPrice=2000`);
    expect(bounded.body.items.map((item: Product) => item.productId)).toEqual([shirt.productId]);
  });

  it('pages with cursors bound to their sort and filters', async () => {
    const first = await api.request('GET', `/products?category=${category}&sort=price&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));

    const next = await api.request(
      'GET',
      `/products?category=${category}&sort=price&limit=1&cursor=${cursor}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.items[0].price).toBe(1500);

    for (const query of [`sort=-price&limit=1`, `sort=price&inStock=true&limit=1`, `sort=name&limit=1`]) {
      const replayed = await api.request('GET', `/products?category=${category}&${query}&cursor=${cursor}`);
      expect(replayed.status, query).toBe(400);
    }
  });

  it('answers facets over what the filters select', async () => {
    const facets = await api.request('GET', `/products/facets?category=${category}`);
    expect(facets.status).toBe(200);
    expect(facets.body).toEqual({
      categories: [{ value: category, count: 3 }],
      priceRange: { min: 100, max: 2500 },
    });
  });

  it('refuses minPrice above maxPrice and an unknown sort (400)', async () => {
    expect((await api.request('GET', '/products?minPrice=500&maxPrice=100')).status).toBe(400);
    expect((await api.request('GET', '/products?sort=cheapest')).status).toBe(400);
    expect((await api.request('GET', '/products?inStock=yes')).status).toBe(400);
  });

  it('finds a product by a word prefix of three letters or more', async () => {
    const found = await api.request('GET', `/products?category=${category}&q=stick`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: { name: string }) => item.name)).toEqual(['Acceptance sticker']);
  });
});
