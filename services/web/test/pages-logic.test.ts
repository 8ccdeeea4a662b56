import { describe, expect, it } from 'vitest';
import { categoryLabel, maxQuantity, optionsLabel, stockLabel } from '../src/catalog.ts';
import { DEFAULT_API_BASE_URL, loadConfig } from '../src/config.ts';
import { formatMoney, minorToInput, parseMoney } from '../src/money.ts';
import { adminPages, hrefFor, parseRoute, type Route, safeNext } from '../src/routes.ts';

describe('money', () => {
  it('formats minor units in the currency’s own digits', () => {
    expect(formatMoney(1999, 'USD')).toBe('$19.99');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
  });

  it('keeps one formatter per locale and currency, and writes an unknown currency plainly', () => {
    // The same locale and currency again, then another locale: each answer is its own, not the last one's.
    expect(formatMoney(1999, 'EUR', 'de-DE')).toBe('19,99\u00a0€');
    expect(formatMoney(250, 'EUR', 'de-DE')).toBe('2,50\u00a0€');
    expect(formatMoney(1999, 'EUR', 'en-US')).toBe('€19.99');
    expect(formatMoney(1999, 'XX1')).toBe('19.99 XX1');
    expect(formatMoney(1999, 'XX1')).toBe('19.99 XX1');
    expect(formatMoney(1999, 'USD', 'not a locale')).toBe('19.99 USD');
  });

  it('parses what an admin types into minor units', () => {
    expect(parseMoney('19.99', 'USD')).toBe(1999);
    expect(parseMoney('19.9', 'USD')).toBe(1990);
    expect(parseMoney(' 1,234 ', 'USD')).toBe(123400);
    expect(parseMoney('500', 'JPY')).toBe(500);
  });

  it('refuses amounts that are negative, too precise or not numbers', () => {
    for (const input of ['-1', '1.999', 'abc', '', '1.5e3']) expect(parseMoney(input, 'USD')).toBeUndefined();
    expect(parseMoney('5.5', 'JPY')).toBeUndefined();
  });

  it('round-trips an amount through the input field', () => {
    expect(parseMoney(minorToInput(1999, 'USD'), 'USD')).toBe(1999);
  });
});

describe('routes', () => {
  const routes: Route[] = [
    { page: 'catalog' },
    { page: 'catalog', category: 'books', q: 'cook' },
    {
      page: 'catalog',
      category: 'books',
      sort: '-price',
      minPrice: '500',
      maxPrice: '2000',
      inStock: 'true',
    },
    { page: 'product', productId: 'p-1 / x' },
    { page: 'cart' },
    { page: 'checkout' },
    { page: 'signin', next: '/cart' },
    { page: 'signup' },
    { page: 'orders' },
    { page: 'order', orderId: 'o-123' },
    { page: 'notifications' },
    { page: 'account' },
    { page: 'admin-products' },
    { page: 'admin-product-new' },
    { page: 'admin-product-edit', productId: 'p-9' },
    { page: 'admin-orders', status: 'CONFIRMED' },
    { page: 'admin-orders' },
    { page: 'admin-shipping' },
  ];

  it.each(routes)('gives back $page from its own URL', (route) => {
    const url = new URL(hrefFor(route), 'http://shop.test');
    expect(parseRoute(url.pathname, url.search)).toEqual(route);
  });

  it('answers not-found for unknown paths and malformed ids', () => {
    expect(parseRoute('/nope')).toEqual({ page: 'not-found' });
    expect(parseRoute('/products/a/b')).toEqual({ page: 'not-found' });
    expect(parseRoute('/orders/%E0%A4%A')).toEqual({ page: 'not-found' });
  });

  it('drops an unknown sort, a malformed price and any inStock but true from a catalog URL', () => {
    expect(parseRoute('/', '?sort=cheapest&minPrice=1.5&maxPrice=-3&inStock=yes&category=books')).toEqual({
      page: 'catalog',
      category: 'books',
    });
    expect(parseRoute('/', '?sort=name')).toEqual({ page: 'catalog' });
  });

  it('keeps shipping and tax for the store’s admins, at /admin/shipping only', () => {
    expect(adminPages.has('admin-shipping')).toBe(true);
    expect(parseRoute('/admin/shipping/')).toEqual({ page: 'admin-shipping' });
    expect(parseRoute('/admin/shipping/express')).toEqual({ page: 'not-found' });
  });

  it('ignores an unknown admin status filter', () => {
    expect(parseRoute('/admin/orders', '?status=LOST')).toEqual({ page: 'admin-orders' });
  });

  it('only follows a `next` that stays in the app', () => {
    expect(safeNext('/orders/o-1')).toBe('/orders/o-1');
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'orders', null]) {
      expect(safeNext(next)).toBeUndefined();
    }
    expect(parseRoute('/signin', '?next=https://evil.example')).toEqual({ page: 'signin' });
  });
});

describe('catalog', () => {
  it('names a slug for people', () => {
    expect(categoryLabel('home-and-kitchen')).toBe('Home and kitchen');
  });

  it('lets a shopper add at most the stock, and never more than 99', () => {
    expect(maxQuantity({ stock: 3 })).toBe(3);
    expect(maxQuantity({ stock: 500 })).toBe(99);
    expect(maxQuantity({ stock: 0 })).toBe(0);
  });

  it('describes stock', () => {
    expect(stockLabel(0)).toBe('Out of stock');
    expect(stockLabel(2)).toBe('Only 2 left');
    expect(stockLabel(40)).toBe('In stock (40)');
  });

  it("describes a cart line's variant by its options, and a product without options by nothing", () => {
    expect(optionsLabel({ Size: 'M', Colour: 'Blue' })).toBe('Size: M / Colour: Blue');
    expect(optionsLabel({})).toBe('');
  });
});

describe('loadConfig', () => {
  const fetchReturning = (response: Response | Error) => async () => {
    if (response instanceof Error) throw response;
    return response;
  };

  it('takes the API base URL from config.json, without a trailing slash', async () => {
    const config = await loadConfig({
      fetch: fetchReturning(Response.json({ apiBaseUrl: 'https://api.shop.example/' })),
      buildTimeApiBaseUrl: 'http://build.example',
    });
    expect(config.apiBaseUrl).toBe('https://api.shop.example');
  });

  it('falls back to the build-time URL when config.json is missing or is the SPA’s index.html', async () => {
    for (const response of [
      new Response('no', { status: 404 }),
      new Response('<!doctype html>'),
      new TypeError('offline'),
    ]) {
      const config = await loadConfig({
        fetch: fetchReturning(response),
        buildTimeApiBaseUrl: 'http://build.example:8080',
      });
      expect(config.apiBaseUrl).toBe('http://build.example:8080');
    }
  });

  it('falls back to the local default, and never to a non-http URL', async () => {
    const config = await loadConfig({
      fetch: fetchReturning(Response.json({ apiBaseUrl: 'javascript:alert(1)' })),
    });
    expect(config.apiBaseUrl).toBe(DEFAULT_API_BASE_URL);
  });
});
