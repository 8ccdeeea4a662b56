import type { OrderSnapshot, ReturnSnapshot } from '@shop/contracts';
import { withLineMoney } from '@shop/pricing';
import type { OrderNotificationType, ReturnNotificationType } from './notification.ts';

/** An email ready to send: subject, plain text and HTML bodies. */
export type EmailContent = { subject: string; text: string; html: string };

/** What an email is rendered from; `storeName` is the store it comes from (the stores read model). */
export type EmailInput =
  | { type: OrderNotificationType; recipientName: string; storeName: string; order: OrderSnapshot }
  | { type: ReturnNotificationType; recipientName: string; storeName: string; returned: ReturnSnapshot }
  | { type: 'WELCOME'; recipientName: string; storeName: string };

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEntities[character] ?? character);
}

// A subject is one header line: control characters (CR/LF above all) would let input forge headers.
const oneLine = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();

/** Formats integer minor units in their currency, e.g. 1999 USD as "$19.99" and 500 JPY as "¥500". */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

const rejectionExplanations: Record<string, string> = {
  OUT_OF_STOCK: 'Some of the items were out of stock.',
  PAYMENT_DECLINED: 'Your payment was declined.',
  // The order lines below show the prices the customer saw; the cart already shows the new ones.
  PRICE_CHANGED:
    'A price changed after you added the item to your cart, so we did not place the order at the old price. ' +
    'The lines below show the prices you saw; your cart shows the current ones.',
};

type Section = { subject: string; headline: string; paragraphs: string[] };

function orderSection(type: OrderNotificationType, order: OrderSnapshot): Section {
  const total = formatMoney(order.total, order.currency);
  switch (type) {
    case 'ORDER_CONFIRMED':
      return {
        subject: `Your order ${order.orderId} is confirmed`,
        headline: 'Your order is confirmed',
        paragraphs: [`We have your payment of ${total} and are getting your order ready.`],
      };
    case 'ORDER_REJECTED':
      return {
        subject: `Your order ${order.orderId} could not be placed`,
        headline: 'Your order could not be placed',
        paragraphs: [
          rejectionExplanations[order.reason ?? ''] ?? 'We could not complete your order.',
          'Nothing was charged. Your cart still holds the items, so you can try again.',
        ],
      };
    case 'ORDER_CANCELLED':
      return {
        subject: `Your order ${order.orderId} is cancelled`,
        headline: 'Your order is cancelled',
        paragraphs: [`The payment of ${total} is refunded.`],
      };
    case 'ORDER_SHIPPED':
      return {
        subject: `Your order ${order.orderId} is on its way`,
        headline: 'Your order is on its way',
        paragraphs: ['We handed your order to the carrier.'],
      };
    case 'ORDER_DELIVERED':
      return {
        subject: `Your order ${order.orderId} was delivered`,
        headline: 'Your order was delivered',
        paragraphs: ['We hope you enjoy it.'],
      };
  }
}

/**
 * What a line bought: the product's name, and for a variant its options as the line lists them,
 * "T-shirt (Size: M, Colour: Blue)". A line of a product without options (or from before variants)
 * is its name alone.
 */
export function itemLabel<L extends Pick<OrderSnapshot['items'][number], 'name' | 'options'>>(
  item: L,
): string {
  const options = Object.entries(item.options ?? {}).map(([name, value]) => `${name}: ${value}`);
  return options.length === 0 ? item.name : `${item.name} (${options.join(', ')})`;
}

/**
 * The order's money below its lines, as fixed at checkout: the subtotal, the discount (with its code),
 * the shipping, the tax (the VAT the prices include, or the tax added), then the total. Only rows
 * that carry money: an order with none of them (every order from before issue 17, or one with free
 * shipping and no tax) shows its total alone, as before, which also keeps its stored notification
 * under DynamoDB's 1 KB write unit.
 */
export function moneyRows(order: OrderSnapshot): Array<[label: string, amount: string]> {
  const money = (minorUnits: number) => formatMoney(minorUnits, order.currency);
  // Where tax is added, the shipping is shown before its tax (the tax row holds it), so the rows add
  // up to the total; `shippingTotal` carries it, and the lines' taxes are the rest of `taxTotal`.
  const linesTax = order.items.reduce((sum, item) => sum + (item.tax ?? 0), 0);
  const shipping = (order.shippingTotal ?? 0) - (order.taxIncluded ? 0 : (order.taxTotal ?? 0) - linesTax);
  const rows: Array<[string, string]> = [];
  if (order.discountTotal)
    rows.push([
      order.promotionCode ? `Discount (${order.promotionCode})` : 'Discount',
      `-${money(order.discountTotal)}`,
    ]);
  if (shipping > 0)
    rows.push([
      order.shippingOption ? `Shipping (${order.shippingOption.name})` : 'Shipping',
      money(shipping),
    ]);
  if (order.taxTotal) rows.push([order.taxIncluded ? 'Including VAT' : 'Tax', money(order.taxTotal)]);
  if (rows.length > 0 && order.subtotal !== undefined) rows.unshift(['Subtotal', money(order.subtotal)]);
  rows.push(['Total', money(order.total)]);
  return rows;
}

function lineText(order: OrderSnapshot): string[] {
  return [
    ...order.items.map(
      (item) =>
        `- ${item.quantity} × ${itemLabel(item)}: ${formatMoney(withLineMoney(item).lineTotal, order.currency)}`,
    ),
    ...moneyRows(order).map(([label, amount]) => `${label}: ${amount}`),
  ];
}

function lineHtml(order: OrderSnapshot): string {
  const rows = order.items
    .map(
      (item) =>
        `<tr><td>${item.quantity} &times; ${escapeHtml(itemLabel(item))}</td>` +
        `<td style="text-align:right">${escapeHtml(formatMoney(withLineMoney(item).lineTotal, order.currency))}</td></tr>`,
    )
    .join('');
  const money = moneyRows(order)
    .map(([label, amount]) => {
      const cell = label === 'Total' ? 'th' : 'td';
      return `<tr><${cell} style="text-align:left">${escapeHtml(label)}</${cell}><${cell} style="text-align:right">${escapeHtml(amount)}</${cell}></tr>`;
    })
    .join('');
  return `<table>${rows}${money}</table>`;
}

const greeting = (name: string) => (name.trim() === '' ? 'Hello,' : `Hi ${name.trim()},`);

function page(
  headline: string,
  name: string,
  storeName: string,
  paragraphs: string[],
  extraHtml = '',
): string {
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('');
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' +
    `<h1>${escapeHtml(headline)}</h1><p>${escapeHtml(greeting(name))}</p>${body}${extraHtml}` +
    `<p>${escapeHtml(storeName)}</p></body></html>`
  );
}

/**
 * A return's email: what came back and what is refunded (never shipping), short, so its stored
 * notification stays under DynamoDB's 1 KB write unit like an order's.
 */
function returnEmail(
  type: ReturnNotificationType,
  recipientName: string,
  storeName: string,
  returned: ReturnSnapshot,
): EmailContent {
  const refund = formatMoney(returned.refundAmount, returned.currency);
  const section: Section =
    type === 'RETURN_RECEIVED'
      ? {
          subject: `Return received for order ${returned.orderId}`,
          headline: 'We received your return',
          paragraphs: [`Your refund of ${refund} is on its way.`],
        }
      : {
          subject: `Refund for order ${returned.orderId}`,
          headline: 'Your refund is made',
          paragraphs: [`We refunded ${refund} to your card.`],
        };
  const lines = returned.lines.map((line) => ({
    label: `${line.quantity} × ${itemLabel(line)}`,
    amount: formatMoney(line.refundAmount, returned.currency),
  }));
  const text = [
    greeting(recipientName),
    '',
    ...section.paragraphs,
    '',
    `Order ${returned.orderId}`,
    ...lines.map((line) => `- ${line.label}: ${line.amount}`),
    '',
    storeName,
  ].join('\n');
  // A list, not the order emails' table: fewer bytes per line, so the item stays under 1 KB.
  const items = lines.map((line) => `<li>${escapeHtml(`${line.label}: ${line.amount}`)}</li>`).join('');
  const html = page(
    section.headline,
    recipientName,
    storeName,
    section.paragraphs,
    `<p>${escapeHtml(`Order ${returned.orderId}`)}</p><ul>${items}</ul>`,
  );
  return { subject: oneLine(`${storeName}: ${section.subject}`), text, html };
}

/** Renders the email of one notification, as text and as HTML; every input is escaped in the HTML. */
export function renderEmail(input: EmailInput): EmailContent {
  const storeName = oneLine(input.storeName);
  if ('returned' in input) return returnEmail(input.type, input.recipientName, storeName, input.returned);
  if (input.type === 'WELCOME') {
    const paragraphs = [
      `Welcome to ${storeName}! Your account is ready.`,
      'We will email you at every step of your orders.',
    ];
    return {
      subject: `Welcome to ${storeName}`,
      text: [greeting(input.recipientName), '', ...paragraphs, '', storeName].join('\n'),
      html: page(`Welcome to ${storeName}`, input.recipientName, storeName, paragraphs),
    };
  }
  const { order } = input;
  const section = orderSection(input.type, order);
  const orderLine = `Order ${order.orderId}`;
  const text = [
    greeting(input.recipientName),
    '',
    ...section.paragraphs,
    '',
    orderLine,
    ...lineText(order),
    '',
    storeName,
  ].join('\n');
  const html = page(
    section.headline,
    input.recipientName,
    storeName,
    section.paragraphs,
    `<p>${escapeHtml(orderLine)}</p>${lineHtml(order)}`,
  );
  // The store first: in an inbox beside another store's emails, it tells them apart.
  return { subject: oneLine(`${storeName}: ${section.subject}`), text, html };
}

/**
 * The From header of a store's emails: the store's name as the display name, the stage's sender as
 * the address (RFC 5322). A name of printable ASCII is quoted (quotes and backslashes escaped); any
 * other is a MIME encoded-word (RFC 2047), as SES requires for non-ASCII display names.
 */
export function senderOf(storeName: string, address: string): string {
  const name = oneLine(storeName);
  if (/^[\x20-\x7E]*$/.test(name))
    return `"${name.replace(/["\\]/g, (character) => `\\${character}`)}" <${address}>`;
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${address}>`;
}
