import { createHash } from 'node:crypto';
import type { PaymentProvider } from '../domain/payment.ts';

const idFor = (prefix: string, key: string) =>
  `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/**
 * The shop's simulated payment provider (API.md): `card_ok` authorizes, `card_declined` declines.
 * Ids derive from the order, so a repeated call answers the same, like a provider's idempotency key.
 */
export function simulatedPaymentProvider(): PaymentProvider {
  return {
    async authorize({ orderId, method }) {
      if (method === 'card_declined') return { approved: false, reason: 'CARD_DECLINED' };
      return { approved: true, authorizationId: idFor('auth', orderId) };
    },
    // A return's refund is keyed by its return id too: one authorization, several partial refunds.
    async refund({ authorizationId, idempotencyKey }) {
      return {
        refundId: idFor('refund', idempotencyKey ? `${authorizationId}:${idempotencyKey}` : authorizationId),
      };
    },
  };
}
