import type { OrderSnapshot } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { escapeHtml, formatMoney, itemLabel, renderEmail, senderOf } from '../src/domain/email-templates.ts';
import type { OrderNotificationType } from '../src/domain/notification.ts';

const order = (overrides: Partial<OrderSnapshot> = {}): OrderSnapshot => ({
  storeId: 'main',
  orderId: 'o-123',
  userId: 'u-1',
  status: 'CONFIRMED',
  items: [
    { productId: 'p-1', name: 'Desk Lamp', quantity: 2, unitPrice: 1999 },
    { productId: 'p-2', name: 'Bulb', quantity: 1, unitPrice: 350 },
  ],
  total: 4348,
  currency: 'USD',
  updatedAt: '2026-01-31T12:00:00.000Z',
  ...overrides,
});

const orderTypes: Array<[OrderNotificationType, RegExp]> = [
  ['ORDER_CONFIRMED', /o-123 is confirmed/],
  ['ORDER_REJECTED', /o-123 could not be placed/],
  ['ORDER_CANCELLED', /o-123 is cancelled/],
  ['ORDER_SHIPPED', /o-123 is on its way/],
  ['ORDER_DELIVERED', /o-123 was delivered/],
];

describe('order email templates', () => {
  it.each(orderTypes)(
    'renders %s with a subject naming the order, and the lines and total in both bodies',
    (type, subject) => {
      const email = renderEmail({ type, recipientName: 'Ada', storeName: 'Shop', order: order() });

      expect(email.subject).toMatch(subject);
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Hi Ada,');
        expect(body).toContain('o-123');
        expect(body).toContain('Desk Lamp');
        expect(body).toContain('$39.98');
        expect(body).toContain('$43.48');
      }
      expect(email.html).toMatch(/^<!DOCTYPE html>/);
      expect(email.text).not.toMatch(/<[a-z]/i);
    },
  );

  it('gives each order type its own subject', () => {
    const subjects = orderTypes.map(
      ([type]) => renderEmail({ type, recipientName: 'Ada', storeName: 'Shop', order: order() }).subject,
    );
    expect(new Set(subjects).size).toBe(orderTypes.length);
  });

  it('explains a rejection by its reason, and says nothing was charged', () => {
    const declined = renderEmail({
      type: 'ORDER_REJECTED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' }),
    });
    const outOfStock = renderEmail({
      type: 'ORDER_REJECTED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order({ status: 'REJECTED', reason: 'OUT_OF_STOCK' }),
    });

    const priceChanged = renderEmail({
      type: 'ORDER_REJECTED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order({ status: 'REJECTED', reason: 'PRICE_CHANGED' }),
    });

    expect(priceChanged.text).toContain('A price changed after you added the item to your cart');
    expect(priceChanged.text).toContain('your cart shows the current ones');
    expect(priceChanged.html).toContain('did not place the order at the old price');
    expect(priceChanged.text).not.toContain('PRICE_CHANGED');
    expect(declined.text).toContain('Your payment was declined.');
    expect(outOfStock.text).toContain('Some of the items were out of stock.');
    expect(declined.text).toContain('Nothing was charged.');
  });

  it('mentions the refund of a cancelled order and never echoes the internal cancel reason', () => {
    const email = renderEmail({
      type: 'ORDER_CANCELLED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order({ status: 'CANCELLED', reason: 'cancelled by admin a-42' }),
    });

    expect(email.text).toContain('The payment of $43.48 is refunded.');
    expect(email.text).not.toContain('a-42');
  });
});

describe('the lines of variants (issue 16)', () => {
  const shirt = {
    productId: 'p-shirt',
    name: 'T-shirt',
    variantId: 'p-shirt_v3',
    sku: 'TS-M-BLUE',
    options: { Size: 'M', Colour: 'Blue' },
    quantity: 2,
    unitPrice: 1600,
  };

  it("name each variant's options beside the product, in both bodies", () => {
    const email = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order({
        items: [
          shirt,
          { ...shirt, variantId: 'p-shirt_v4', options: { Size: 'M', Colour: 'Black' }, quantity: 1 },
        ],
        total: 4800,
      }),
    });

    expect(email.text).toContain('- 2 × T-shirt (Size: M, Colour: Blue): $32.00');
    expect(email.text).toContain('- 1 × T-shirt (Size: M, Colour: Black): $16.00');
    expect(email.html).toContain('2 &times; T-shirt (Size: M, Colour: Blue)');
  });

  it('name a product without options (or a line from before variants) alone', () => {
    expect(itemLabel({ ...shirt, options: {} })).toBe('T-shirt');
    expect(itemLabel({ productId: 'p-1', name: 'Desk Lamp', quantity: 1, unitPrice: 1 })).toBe('Desk Lamp');
  });

  it('escape option names and values in the HTML', () => {
    const email = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order({ items: [{ ...shirt, options: { '<b>Size</b>': '"M"' } }] }),
    });

    expect(email.html).toContain('T-shirt (&lt;b&gt;Size&lt;/b&gt;: &quot;M&quot;)');
    expect(email.html).not.toContain('<b>Size');
  });
});

describe('the store an email comes from', () => {
  it('names the store first in the subject, and signs the bodies with it', () => {
    const email = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: 'Ada',
      storeName: 'Berlin Shop',
      order: order({ storeId: 'berlin', currency: 'EUR' }),
    });
    expect(email.subject).toBe('Berlin Shop: Your order o-123 is confirmed');
    expect(email.text.trimEnd().endsWith('Berlin Shop')).toBe(true);
    expect(email.html).toContain('<p>Berlin Shop</p>');
    expect(email.text).toContain('€43.48');
    const welcome = renderEmail({ type: 'WELCOME', recipientName: 'Ada', storeName: 'Berlin Shop' });
    expect(welcome.subject).toBe('Welcome to Berlin Shop');
  });

  it('keeps a hostile store name out of the HTML and off a second subject line', () => {
    const email = renderEmail({
      type: 'ORDER_SHIPPED',
      recipientName: 'Ada',
      storeName: '<b>Evil</b>\r\nBcc: victim@example.com',
      order: order(),
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain('<b>Evil</b>');
    expect(email.html).toContain('&lt;b&gt;Evil&lt;/b&gt;');
  });

  it('sends from the stage address under the store name, quoted or MIME-encoded', () => {
    expect(senderOf('Berlin Shop', 'shop@example.com')).toBe('"Berlin Shop" <shop@example.com>');
    expect(senderOf('Joe "The" Shop\\', 'shop@example.com')).toBe(
      '"Joe \\"The\\" Shop\\\\" <shop@example.com>',
    );
    expect(senderOf('Bäckerei Müller', 'shop@example.com')).toBe(
      `=?UTF-8?B?${Buffer.from('Bäckerei Müller').toString('base64')}?= <shop@example.com>`,
    );
    // A name cannot add a header line to the sender.
    expect(senderOf('Shop\r\nBcc: victim@example.com', 'shop@example.com')).not.toMatch(/[\r\n]/);
  });
});

describe('the WELCOME template', () => {
  it('greets the new customer by name in text and HTML', () => {
    const email = renderEmail({ type: 'WELCOME', recipientName: 'Grace Hopper', storeName: 'Shop' });

    expect(email.subject).toBe('Welcome to Shop');
    expect(email.text).toMatch(/^Hi Grace Hopper,\n/);
    expect(email.html).toContain('<p>Hi Grace Hopper,</p>');
  });

  it('falls back to a neutral greeting for an empty name', () => {
    expect(renderEmail({ type: 'WELCOME', recipientName: '  ', storeName: 'Shop' }).text).toMatch(
      /^Hello,\n/,
    );
  });
});

describe('escaping', () => {
  const hostile = '<script>alert("x")</script> & \'friends\'';

  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('escapes names and product names in the HTML body, and keeps them readable in the text body', () => {
    const email = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: hostile,
      storeName: 'Shop',
      order: order({
        items: [{ productId: 'p-1', name: `<img src=x onerror="steal()">`, quantity: 1, unitPrice: 100 }],
      }),
    });

    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;');
    expect(email.html).toContain('&lt;img src=x onerror=&quot;steal()&quot;&gt;');
    expect(email.text).toContain(`Hi ${hostile},`);
  });

  it('escapes the WELCOME name too', () => {
    expect(renderEmail({ type: 'WELCOME', recipientName: hostile, storeName: 'Shop' }).html).not.toContain(
      '<script>',
    );
  });

  it('keeps the subject on one line whatever the order id holds', () => {
    const email = renderEmail({
      type: 'ORDER_SHIPPED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order({ orderId: 'o-1\r\nBcc: victim@example.com' }),
    });

    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('money', () => {
  it('formats minor units by the currency’s own decimals', () => {
    expect(formatMoney(1999, 'USD')).toBe('$19.99');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(formatMoney(1234, 'EUR')).toBe('€12.34');
  });
});

describe('the money of an order in its emails (issue 17)', () => {
  const priced = order({
    storeId: 'berlin',
    currency: 'EUR',
    items: [
      {
        productId: 'p-1',
        name: 'T-shirt',
        options: { Size: 'M' },
        quantity: 2,
        unitPrice: 1999,
        discount: 400,
        tax: 575,
        lineTotal: 3598,
      },
    ],
    subtotal: 3998,
    discountTotal: 400,
    shippingTotal: 990,
    taxTotal: 575 + 158,
    total: 3598 + 990,
    promotionCode: 'WELCOME10',
    shippingOption: { shippingOptionId: 'express', name: 'Express', price: 990 },
    taxIncluded: true,
  });

  it('shows each line at what it cost, then subtotal, discount, shipping, the VAT included and the total', () => {
    const { text, html } = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: 'Ada',
      storeName: 'Laden',
      order: priced,
    });
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes('T-shirt'));
    expect(lines.slice(at, at + 6).map((line) => line.replace(/\u00a0/g, ' '))).toEqual([
      '- 2 × T-shirt (Size: M): €35.98',
      'Subtotal: €39.98',
      'Discount (WELCOME10): -€4.00',
      'Shipping (Express): €9.90',
      'Including VAT: €7.33',
      'Total: €45.88',
    ]);
    expect(html).toContain('Discount (WELCOME10)');
    expect(html).toContain('Including VAT');
  });

  it('shows the shipping before its tax where tax is added, so the rows add up to the total', () => {
    const usd = order({
      items: [
        {
          productId: 'p-1',
          name: 'Lamp',
          quantity: 1,
          unitPrice: 1000,
          discount: 0,
          tax: 80,
          lineTotal: 1080,
        },
      ],
      subtotal: 1000,
      discountTotal: 0,
      shippingTotal: 540,
      taxTotal: 80 + 40,
      total: 1620,
      shippingOption: { shippingOptionId: 'std', name: 'Standard', price: 500 },
      taxIncluded: false,
    });
    const { text } = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: usd,
    });
    expect(text).toContain('Shipping (Standard): $5.00');
    expect(text).toContain('Tax: $1.20');
    expect(text).toContain('Total: $16.20');
  });

  it('shows the total alone when nothing else carries money (free shipping, no tax)', () => {
    const free = order({
      subtotal: 4348,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      shippingOption: { shippingOptionId: 'standard', name: 'Standard', price: 0 },
      taxIncluded: false,
    });
    const { text } = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: free,
    });
    expect(text).toBe(
      renderEmail({ type: 'ORDER_CONFIRMED', recipientName: 'Ada', storeName: 'Shop', order: order() }).text,
    );
  });

  it('keeps an order from before issue 17 to its lines and total', () => {
    const { text } = renderEmail({
      type: 'ORDER_CONFIRMED',
      recipientName: 'Ada',
      storeName: 'Shop',
      order: order(),
    });
    expect(text).toContain('Total: $43.48');
    expect(text).not.toContain('Subtotal');
    expect(text).not.toContain('Shipping');
  });
});
