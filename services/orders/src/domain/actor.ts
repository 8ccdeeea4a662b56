import { administers, type Principal } from '@shop/auth';

/** Who acts on an order through the API, in the request's store. */
export type Actor = {
  userId: string;
  /** The request's store: every order outside it is unknown to this actor. */
  storeId: string;
  /** Administers that store (the `admin` group, or the store's own admins). */
  admin: boolean;
};

/** The caller, from the verified token, as the order rules of the request's store see them. */
export const actorOf = (principal: Principal, storeId: string): Actor => ({
  userId: principal.userId,
  storeId,
  admin: administers(principal, storeId),
});
