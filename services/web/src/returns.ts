// What the order page offers to return, and the body it sends (API.md "Returns and refunds after
// delivery"). The server decides and prices; this only keeps the form to what can be asked.
import type { Order, OrderReturn, ReturnRequest } from './api/types.ts';

/** How many units of each line may still be returned: bought less those of returns not rejected. */
export function returnableUnits(order: Pick<Order, 'items' | 'returns'>): Map<string, number> {
  const left = new Map(order.items.map((item) => [item.variantId, item.quantity]));
  for (const entry of order.returns)
    if (entry.status !== 'REJECTED')
      for (const line of entry.lines)
        left.set(line.variantId, (left.get(line.variantId) ?? 0) - line.quantity);
  return left;
}

/** Whether the order page offers the return form: delivered, to its owner, with a unit left. */
export const canRequestReturn = (order: Order, userId: string | undefined): boolean =>
  order.status === 'DELIVERED' &&
  order.userId === userId &&
  [...returnableUnits(order).values()].some((units) => units > 0);

/** The form's fields: units per variant (as typed) and the reason. */
export type ReturnForm = { quantities: Record<string, string>; reason: string };

/** The request body the form makes, or what is wrong with it (shown beside the form). */
export function returnBodyOf(
  form: ReturnForm,
  left: ReadonlyMap<string, number>,
): { body: ReturnRequest } | { error: string } {
  const lines: ReturnRequest['lines'] = [];
  for (const [variantId, typed] of Object.entries(form.quantities)) {
    if (typed.trim() === '' || typed.trim() === '0') continue;
    const quantity = Number(typed);
    if (!Number.isInteger(quantity) || quantity < 0) return { error: 'Quantities are whole numbers.' };
    if (quantity > (left.get(variantId) ?? 0)) return { error: 'That is more than is left to return.' };
    lines.push({ variantId, quantity });
  }
  if (lines.length === 0) return { error: 'Choose at least one item to return.' };
  const reason = form.reason.trim();
  if (reason === '') return { error: 'Tell us why you return it.' };
  if (reason.length > 500) return { error: 'The reason is at most 500 characters.' };
  return { body: { lines, reason } };
}

/** A return's status in words, for its owner. */
export const returnStatusText: Record<OrderReturn['status'], string> = {
  REQUESTED: 'Requested: send the items back to us',
  RECEIVED: 'Received: your refund is on its way',
  REFUNDED: 'Refunded',
  REJECTED: 'Rejected',
};
