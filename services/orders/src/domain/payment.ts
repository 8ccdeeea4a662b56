import type { PaymentMethod } from '@shop/contracts';

/** The answer to an authorization: approved with the provider's id, or declined. */
export type Authorization = { approved: true; authorizationId: string } | { approved: false; reason: string };

/**
 * The payment provider port. Both calls must be idempotent per order (authorize) and per authorization
 * and idempotency key (refund), as real providers are with an idempotency key: the saga may repeat them after a crash.
 */
export interface PaymentProvider {
  authorize(request: {
    orderId: string;
    amount: number;
    currency: string;
    method: PaymentMethod;
  }): Promise<Authorization>;
  /**
   * Refunds `amount` of the authorization. `idempotencyKey` tells several refunds of one authorization
   * apart (each return's, keyed by its return id); without one the refund is the authorization's one
   * refund (a cancelled order's), as before returns.
   */
  refund(request: {
    authorizationId: string;
    amount: number;
    currency: string;
    idempotencyKey?: string;
  }): Promise<{ refundId: string }>;
}
