// Issue 16, variants through the local base URL only: an admin creates a T-shirt in sizes and colours,
// a shopper puts "Size M / Blue" in the cart (not the product: it has several variants), buys it, and
// only that variant's stock moves; the admin changes one variant; bad bodies and a taken SKU are refused.
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
type Product = { productId: string; price: number; stock: number; options: unknown[]; variants: Variant[] };

const SIZES = ['S', 'M', 'L'];
const COLOURS = ['Blue', 'Black'];
let admin: SignedInUser;
let shirt: Product;
let suffix: string;

const shirtBody = (tag: string) => ({
  name: `Acceptance variant shirt ${tag}`,
  description: 'Cotton, in three sizes and two colours.',
  category: `acceptance-${tag}`,
  options: [
    { name: 'Size', values: SIZES },
    { name: 'Colour', values: COLOURS },
  ],
  variants: SIZES.flatMap((size, row) =>
    COLOURS.map((colour, column) => ({
      sku: `ACC-${tag}-${size}-${colour}`.toUpperCase(),
      options: { Size: size, Colour: colour },
      price: 1500 + row * 100 + column * 10,
      stock: size === 'L' && colour === 'Black' ? 0 : 5,
    })),
  ),
});
const getProduct = async (productId: string) =>
  (await api.request('GET', `/products/${productId}`)).body as Product;
const variantOf = (product: Product, size: string, colour: string) =>
  product.variants.find((item) => item.options.Size === size && item.options.Colour === colour) as Variant;

beforeAll(async () => {
  admin = await api.admin();
  suffix = randomUUID().slice(0, 8);
  const created = await api.request('POST', '/products', {
    token: admin.accessToken,
    body: shirtBody(suffix),
  });
  expect(created.status).toBe(201);
  shirt = created.body as Product;
});

describe('issue 16: a variant bought', () => {
  it('shows the variants, with the product price the lowest and the stock their sum', () => {
    expect(shirt.options).toEqual([
      { name: 'Size', values: SIZES },
      { name: 'Colour', values: COLOURS },
    ]);
    expect(shirt.variants).toHaveLength(6);
    expect(shirt.price).toBe(1500);
    expect(shirt.stock).toBe(25);
  });

  it('sells "Size M / Blue" only and moves only its stock', async () => {
    const shopper = await api.newCustomer('variant-buyer');
    const chosen = variantOf(shirt, 'M', 'Blue');
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
      items: [
        {
          productId: shirt.productId,
          variantId: chosen.variantId,
          sku: chosen.sku,
          options: { Size: 'M', Colour: 'Blue' },
          quantity: 1,
        },
      ],
    });
    const after = await getProduct(shirt.productId);
    for (const before of shirt.variants)
      expect(after.variants.find((item) => item.variantId === before.variantId)?.stock).toBe(
        before.variantId === chosen.variantId ? before.stock - 1 : before.stock,
      );
    expect(after.stock).toBe(shirt.stock - 1);
  });

  it("lets the admin change one variant's price and stock, and refuses bad bodies and a taken SKU", async () => {
    const small = variantOf(shirt, 'S', 'Black');
    const patched = await api.request('PATCH', `/products/${shirt.productId}/variants/${small.variantId}`, {
      token: admin.accessToken,
      body: { price: 1200, stock: 9 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.price).toBe(1200);
    expect(variantOf(patched.body as Product, 'S', 'Black')).toMatchObject({ price: 1200, stock: 9 });

    const taken = await api.request('POST', '/products', {
      token: admin.accessToken,
      body: shirtBody(suffix),
    });
    expect(taken.status).toBe(409);
    const body = shirtBody(`${suffix}x`);
    for (const bad of [
      { ...body, variants: [body.variants[0], { ...body.variants[1], options: body.variants[0]?.options }] },
      { ...body, variants: [{ ...body.variants[0], options: { Size: 'S', Fit: 'Slim' } }] },
      { ...body, variants: [{ ...body.variants[0], options: { Size: 'S' } }] },
      { ...body, options: ['A', 'B', 'C', 'D'].map((name) => ({ name, values: ['x'] })) },
      { ...body, options: [{ name: 'Size', values: Array.from({ length: 51 }, (_, index) => `s${index}`) }] },
    ]) {
      const refused = await api.request('POST', '/products', { token: admin.accessToken, body: bad });
      expect(refused.status).toBe(400);
    }
    const listed = await api.request('GET', `/products?category=acceptance-${suffix}x`);
    expect(listed.body.items).toEqual([]);
  });
});
