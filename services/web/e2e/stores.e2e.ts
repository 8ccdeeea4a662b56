// Two stores in a real browser against the whole local shop (issue 15's "done when"): one shopper
// buys a "Ceramic Mug" in `main` (USD) and berlin's own "Ceramic Mug" in `berlin` (EUR, the second
// seeded store) with one account, and sees two separate carts, orders and emails; prices are written
// as each store's country writes them. Then the platform admin makes another account berlin's store
// admin, who manages berlin's products and settings and nothing else.
// Run: `npm run test:e2e` (with the storefront test). Screenshots go to services/web/e2e/screenshots/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { adminEmail, adminPassword, type E2eRun, signIn, startE2e } from './harness.ts';

let run: E2eRun;

before(async () => {
  run = await startE2e('local-shop-stores');
});

after(async () => {
  await run?.stop();
});

const password = 'Shopper-pass-1';
/** Dollars as written in the US, euros as written in Germany (a no-break space before the sign). */
const dollars = /^\$\d{1,3}(,\d{3})*\.\d\d$/;
const euros = /^\d{1,3}(\.\d{3})*,\d\d\u00a0€$/;

/** Signs up on the sign-up page and lands on `next` (a path of the storefront). */
async function signUp(page: Page, name: string, email: string, next = '/') {
  await page.goto(`${run.url}/signup?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The header's store picker: choose, then switch. */
async function pickStore(page: Page, storeId: string) {
  await page.getByLabel('Store', { exact: true }).selectOption(storeId);
  await page.getByRole('button', { name: 'Switch store', exact: true }).click();
}

const cartLink = (page: Page, items: number) =>
  page.getByRole('link', { name: `Cart, ${items} ${items === 1 ? 'item' : 'items'}` });

/** From the cart page: checks out with an approved card and waits for CONFIRMED; the order id. */
async function checkOut(
  page: Page,
  address: { line1: string; city: string; postalCode: string; country: string },
) {
  await page.getByRole('link', { name: 'Check out' }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  await page.getByLabel('Address line 1').fill(address.line1);
  await page.getByLabel('City').fill(address.city);
  await page.getByLabel('Postal code').fill(address.postalCode);
  await page.getByLabel('Country').fill(address.country);
  await page.getByLabel('Card that is approved').check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/[^/]+$/);
  await page.locator('.status-line[data-status="CONFIRMED"]').waitFor({ timeout: 30_000 });
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

let mainOrder = '';
let berlinOrder = '';

test('one shopper, two stores: two carts, two orders, two sets of emails', async (t) => {
  const { page, context } = await run.newUserPage('shopper');
  const email = `two-stores-${Date.now().toString(36)}@example.com`;
  // Both seeded stores sell a "Ceramic Mug": same name, different products, prices and currencies.
  const mugCard = () =>
    page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Ceramic Mug', exact: true }) });

  await t.test('the shopper signs up and puts a mug in main’s cart, priced in dollars', async () => {
    await signUp(page, 'Sam Twostores', email, '/?q=mug');
    await page.waitForURL(`${run.url}/?q=mug`);
    assert.match((await mugCard().locator('.money').textContent()) ?? '', dollars);
    await page.getByRole('button', { name: 'Add Ceramic Mug to cart' }).click();
    await page.getByText('Added.').waitFor();
    await cartLink(page, 1).waitFor();
  });

  await t.test('the picker goes to berlin’s search: its own mug in euros, its own empty cart', async () => {
    await pickStore(page, 'berlin');
    await page.waitForURL(`${run.url}/s/berlin/?q=mug`);
    await cartLink(page, 0).waitFor();
    // The price is written the German way once the store is known.
    await mugCard().locator('.money', { hasText: '€' }).waitFor();
    assert.match((await mugCard().locator('.money').textContent()) ?? '', euros);
    await run.shot(page, 'stores-01-berlin-catalog');
    await page.getByRole('button', { name: 'Add Ceramic Mug to cart' }).click();
    await page.getByText('Added.').waitFor();
    await cartLink(page, 1).click();
    await page.waitForURL(`${run.url}/s/berlin/cart`);
    await page.getByRole('rowheader', { name: 'Ceramic Mug' }).waitFor();
    assert.equal(await page.getByRole('rowheader').count(), 1);
    assert.equal(await page.getByLabel('Quantity of Ceramic Mug').inputValue(), '1');
    assert.match((await page.locator('.totals-total .money').textContent()) ?? '', euros);
    await run.shot(page, 'stores-02-berlin-cart');
  });

  await t.test('main’s cart still holds its one mug in dollars; the shopper buys it', async () => {
    await pickStore(page, 'main');
    await page.waitForURL(`${run.url}/cart`);
    await page.getByRole('rowheader', { name: 'Ceramic Mug' }).waitFor();
    assert.equal(await page.getByRole('rowheader').count(), 1);
    assert.equal(await page.getByLabel('Quantity of Ceramic Mug').inputValue(), '1');
    assert.match((await page.locator('.totals-total .money').textContent()) ?? '', dollars);
    mainOrder = await checkOut(page, {
      line1: '1 Market Street',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    });
    assert.equal(new URL(page.url()).pathname, `/orders/${encodeURIComponent(mainOrder)}`);
    assert.match((await page.locator('.totals-total .money').textContent()) ?? '', dollars);
  });

  await t.test('berlin’s cart still holds its mug; the shopper buys it in euros', async () => {
    await page.goto(`${run.url}/s/berlin/cart`);
    await page.getByRole('rowheader', { name: 'Ceramic Mug' }).waitFor();
    berlinOrder = await checkOut(page, {
      line1: 'Alexanderplatz 1',
      city: 'Berlin',
      postalCode: '10178',
      country: 'DE',
    });
    assert.equal(new URL(page.url()).pathname, `/s/berlin/orders/${encodeURIComponent(berlinOrder)}`);
    assert.notEqual(berlinOrder, mainOrder);
    await page.locator('.totals-total .money', { hasText: '€' }).waitFor();
    assert.match((await page.locator('.totals-total .money').textContent()) ?? '', euros);
    await run.shot(page, 'stores-03-berlin-order');
  });

  await t.test('each store lists only its own order', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.waitForURL(`${run.url}/s/berlin/orders`);
    await page.getByRole('link', { name: `Order ${berlinOrder}` }).waitFor();
    assert.equal(await page.getByRole('link', { name: `Order ${mainOrder}` }).count(), 0);
    await pickStore(page, 'main');
    await page.waitForURL(`${run.url}/orders`);
    await page.getByRole('link', { name: `Order ${mainOrder}` }).waitFor();
    assert.equal(await page.getByRole('link', { name: `Order ${berlinOrder}` }).count(), 0);
  });

  await t.test('each store’s emails are about its own order', async () => {
    await page.goto(`${run.url}/notifications`);
    const confirmed = (orderId: string) =>
      page.locator('.notification[data-type="ORDER_CONFIRMED"]', { hasText: orderId });
    await confirmed(mainOrder).waitFor({ timeout: 30_000 });
    assert.equal(await confirmed(berlinOrder).count(), 0);
    await page.goto(`${run.url}/s/berlin/notifications`);
    await confirmed(berlinOrder).waitFor({ timeout: 30_000 });
    assert.equal(await confirmed(mainOrder).count(), 0);
    await run.shot(page, 'stores-04-berlin-emails');
  });

  await context.close();
  assert.deepEqual(run.problems, [], 'no uncaught errors or console errors in the pages');
});

test('the platform admin makes a berlin store admin, who manages berlin only', async (t) => {
  const helper = await run.newUserPage('store admin');
  const admin = await run.newUserPage('admin');
  const email = `berlin-admin-${Date.now().toString(36)}@example.com`;

  await t.test('the admin sees every store’s orders, one store at a time', async () => {
    const { page } = admin;
    await signIn(page, run.url, adminEmail, adminPassword, '/admin/orders');
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.locator(`tr[data-order-id="${mainOrder}"]`).waitFor();
    assert.equal(await page.locator(`tr[data-order-id="${berlinOrder}"]`).count(), 0);
    await page.getByLabel('Store you manage').selectOption('berlin');
    await page.getByRole('button', { name: 'Switch store you manage' }).click();
    await page.waitForURL(`${run.url}/s/berlin/admin/orders`);
    await page.locator(`tr[data-order-id="${berlinOrder}"]`).waitFor();
    assert.equal(await page.locator(`tr[data-order-id="${mainOrder}"]`).count(), 0);
  });

  await t.test('the admin grants berlin to a new account on the stores page', async () => {
    await signUp(helper.page, 'Berta Berlin', email);
    const { page } = admin;
    await page.getByRole('link', { name: 'Admin: stores' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stores' }).waitFor();
    const row = page.locator('tr[data-store-id="berlin"]');
    assert.match((await row.textContent()) ?? '', /EUR.*DE/);
    await page.locator('tr[data-store-id="main"]').waitFor();
    await run.shot(page, 'stores-05-admin-stores');
    await row.getByRole('link', { name: /^Edit/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Store admins' }).waitFor();
    await page.getByLabel('Email of the account').fill(email);
    await page.getByRole('button', { name: 'Make store admin' }).click();
    await page.getByText(`${email} administers`).waitFor();
  });

  await t.test('after signing in again the store admin manages berlin and nothing else', async () => {
    const { page } = helper;
    // Tokens issued before the grant do not carry it: sign out and in for a new one.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, run.url, email, password);
    await page.getByRole('link', { name: 'Admin: products' }).click();
    await page.waitForURL(`${run.url}/s/berlin/admin/products`);
    await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
    await page.getByRole('rowheader').first().waitFor();
    assert.match((await page.locator('.admin-table .money').first().textContent()) ?? '', euros);
    assert.equal(await page.getByRole('link', { name: 'Admin: stores' }).count(), 0);
    await run.shot(page, 'stores-06-store-admin-products', false);
    // A store admin may change their store's settings, but not who administers it.
    await page.getByRole('link', { name: 'Store settings' }).click();
    await page.waitForURL(`${run.url}/s/berlin/admin/stores/berlin`);
    await page.getByLabel('Return window (days)').fill('14');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/^Saved /).waitFor();
    assert.equal(await page.getByLabel('Return window (days)').inputValue(), '14');
    assert.equal(await page.getByRole('heading', { name: 'Store admins' }).count(), 0);
    await page.goto(`${run.url}/admin/products`);
    await page.getByRole('heading', { level: 1, name: 'Store admins only' }).waitFor();
    await page.goto(`${run.url}/admin/stores`);
    await page.getByRole('heading', { level: 1, name: 'Admins only' }).waitFor();
  });

  await helper.context.close();
  await admin.context.close();
  assert.deepEqual(run.problems, [], 'no uncaught errors or console errors in the pages');
});
