import type { PaymentMethod } from '@shop/contracts';

/** The answer to an authorization: approved with the provider's id, or declined. */
export type Authorization = { approved: true; authorizationId: string } | { approved: false; reason: string };

/**
 * The payment provider port. Both calls must be idempotent per order (authorize) and per authorization
 * (refund), as real providers are with an idempotency key: the saga may repeat them after a crash.
 */
export interface PaymentProvider {
  authorize(request: {
    orderId: string;
    amount: number;
    currency: string;
    method: PaymentMethod;
  }): Promise<Authorization>;
  refund(request: {
    authorizationId: string;
    amount: number;
    currency: string;
  }): Promise<{ refundId: string }>;
}
