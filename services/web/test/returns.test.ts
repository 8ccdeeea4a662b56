import { describe, expect, it } from 'vitest';
import type { Order, OrderReturn } from '../src/api/types.ts';
import { canRequestReturn, returnableUnits, returnBodyOf } from '../src/returns.ts';

const line = (variantId: string, quantity: number) => ({
  productId: variantId.split('_')[0] as string,
  name: 'Shirt',
  variantId,
  sku: variantId.toUpperCase(),
  options: {},
  quantity,
  unitPrice: 1000,
  discount: 0,
  tax: 0,
  lineTotal: quantity * 1000,
});
const returned = (status: OrderReturn['status'], variantId: string, quantity: number): OrderReturn => ({
  returnId: `r-${status}`,
  orderId: 'o-1',
  status,
  lines: [{ productId: 'p', variantId, quantity, refundAmount: quantity * 1000 }],
  refundAmount: quantity * 1000,
  reason: 'x',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const order = (status: Order['status'], returns: OrderReturn[] = []) =>
  ({
    orderId: 'o-1',
    userId: 'u-1',
    status,
    items: [line('p_m', 2), line('q', 1)],
    returns,
  }) as unknown as Order;

describe('the return form', () => {
  it('offers what was bought less what returns not rejected cover', () => {
    const left = returnableUnits(
      order('DELIVERED', [returned('REFUNDED', 'p_m', 1), returned('REJECTED', 'q', 1)]),
    );
    expect(Object.fromEntries(left)).toEqual({ p_m: 1, q: 1 });
  });

  it('shows only on a delivered order, to its owner, while a unit is left', () => {
    expect(canRequestReturn(order('DELIVERED'), 'u-1')).toBe(true);
    expect(canRequestReturn(order('SHIPPED'), 'u-1')).toBe(false);
    expect(canRequestReturn(order('DELIVERED'), 'someone-else')).toBe(false);
    const all = order('DELIVERED', [returned('REQUESTED', 'p_m', 2), returned('RECEIVED', 'q', 1)]);
    expect(canRequestReturn(all, 'u-1')).toBe(false);
  });

  it('sends the lines with a quantity and the trimmed reason, and refuses what the API would', () => {
    const left = new Map([
      ['p_m', 2],
      ['q', 1],
    ]);
    expect(returnBodyOf({ quantities: { p_m: '1', q: '' }, reason: ' Too small ' }, left)).toEqual({
      body: { lines: [{ variantId: 'p_m', quantity: 1 }], reason: 'Too small' },
    });
    expect(returnBodyOf({ quantities: { p_m: '3' }, reason: 'x' }, left)).toHaveProperty('error');
    expect(returnBodyOf({ quantities: { p_m: '1.5' }, reason: 'x' }, left)).toHaveProperty('error');
    expect(returnBodyOf({ quantities: { p_m: '0' }, reason: 'x' }, left)).toHaveProperty('error');
    expect(returnBodyOf({ quantities: { p_m: '1' }, reason: ' ' }, left)).toHaveProperty('error');
  });
});
