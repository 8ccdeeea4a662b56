import type { Principal } from '@shop/auth';
import * as z from 'zod';
import type { Actor } from '../../domain/order-saga.ts';

/** `{orderId}` in an order route's path. */
export const orderPath = z.object({ orderId: z.string().min(1).max(128) });

/** The caller as the order rules see them. */
export const actorOf = (principal: Principal): Actor => ({
  userId: principal.userId,
  admin: principal.roles.includes('admin'),
});
