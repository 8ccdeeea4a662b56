import type { Principal } from '@shop/auth';

/** Who acts on an order through the API. */
export type Actor = { userId: string; admin: boolean };

/** The caller, from the verified token, as the order rules see them. */
export const actorOf = (principal: Principal): Actor => ({
  userId: principal.userId,
  admin: principal.roles.includes('admin'),
});
