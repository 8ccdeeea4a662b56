import { httpRoute, json } from '@shop/middleware';
import * as z from 'zod';
import { quantity } from '../../domain/cart.ts';
import { carts } from '../../wiring.ts';

export const itemPath = z.object({ productId: z.string().min(1).max(64) });
export const itemBody = z.object({ quantity }).strict();

/** PUT /cart/items/{productId}: sets how many of a product the cart holds (1–99); 404 for an unknown or deleted product. */
export const handler = httpRoute(
  { auth: 'customer', path: itemPath, body: itemBody },
  async ({ principal, path, body }) =>
    json(200, await carts().setQuantity(principal.userId, path.productId, body.quantity)),
);
