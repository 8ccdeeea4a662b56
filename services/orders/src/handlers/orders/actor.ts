import type { Principal } from '@shop/auth';
import type { Actor } from '../../domain/order-saga.ts';

/** The caller as the order rules see them. */
export const actorOf = (principal: Principal): Actor => ({
  userId: principal.userId,
  admin: principal.roles.includes('admin'),
});
