import type { OrderSnapshot } from '@shop/contracts';
import type { OrderNotificationType } from './notification.ts';

/** An email ready to send: subject, plain text and HTML bodies. */
export type EmailContent = { subject: string; text: string; html: string };

/** What an email is rendered from. */
export type EmailInput =
  | { type: OrderNotificationType; recipientName: string; order: OrderSnapshot }
  | { type: 'WELCOME'; recipientName: string };

const SHOP_NAME = 'The Shop';

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

function lineText(order: OrderSnapshot): string[] {
  return order.items.map(
    (item) =>
      `- ${item.quantity} × ${item.name}: ${formatMoney(item.quantity * item.unitPrice, order.currency)}`,
  );
}

function lineHtml(order: OrderSnapshot): string {
  const rows = order.items
    .map(
      (item) =>
        `<tr><td>${item.quantity} &times; ${escapeHtml(item.name)}</td>` +
        `<td style="text-align:right">${escapeHtml(formatMoney(item.quantity * item.unitPrice, order.currency))}</td></tr>`,
    )
    .join('');
  const total = escapeHtml(formatMoney(order.total, order.currency));
  return `<table>${rows}<tr><th style="text-align:left">Total</th><th style="text-align:right">${total}</th></tr></table>`;
}

const greeting = (name: string) => (name.trim() === '' ? 'Hello,' : `Hi ${name.trim()},`);

function page(headline: string, name: string, paragraphs: string[], extraHtml = ''): string {
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('');
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' +
    `<h1>${escapeHtml(headline)}</h1><p>${escapeHtml(greeting(name))}</p>${body}${extraHtml}` +
    `<p>${escapeHtml(SHOP_NAME)}</p></body></html>`
  );
}

/** Renders the email of one notification, as text and as HTML; every input is escaped in the HTML. */
export function renderEmail(input: EmailInput): EmailContent {
  if (input.type === 'WELCOME') {
    const paragraphs = [
      `Welcome to ${SHOP_NAME}! Your account is ready.`,
      'We will email you at every step of your orders.',
    ];
    return {
      subject: `Welcome to ${SHOP_NAME}`,
      text: [greeting(input.recipientName), '', ...paragraphs, '', SHOP_NAME].join('\n'),
      html: page(`Welcome to ${SHOP_NAME}`, input.recipientName, paragraphs),
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
    `Total: ${formatMoney(order.total, order.currency)}`,
    '',
    SHOP_NAME,
  ].join('\n');
  const html = page(
    section.headline,
    input.recipientName,
    section.paragraphs,
    `<p>${escapeHtml(orderLine)}</p>${lineHtml(order)}`,
  );
  return { subject: oneLine(section.subject), text, html };
}
