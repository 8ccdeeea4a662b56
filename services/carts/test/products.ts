import { PRODUCTS_SOURCE, type ProductChanged, productChanged } from '@shop/contracts';
import { createEvent } from '@shop/events';
import { uniqueName } from '@shop/testing';

/** A ProductChanged event as the products service publishes it; `changes` override the catalog state. */
export function productChangedEvent(
  productId: string,
  changes: Partial<ProductChanged['data']> = {},
): ProductChanged {
  return createEvent(
    productChanged,
    {
      productId,
      name: 'Brass Desk Lamp',
      description: 'A warm reading light.',
      category: 'lighting',
      price: 4999,
      currency: 'USD',
      stock: 10,
      deleted: false,
      revision: 1,
      updatedAt: new Date().toISOString(),
      ...changes,
    },
    { source: PRODUCTS_SOURCE },
  );
}

/** A product id no other test uses. */
export const newProductId = () => uniqueName('p');
