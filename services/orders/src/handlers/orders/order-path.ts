import * as z from 'zod';

/** `{orderId}` in an order route's path. */
export const orderPath = z.object({ orderId: z.string().min(1).max(128) });
