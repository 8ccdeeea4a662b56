import { metrics } from '@shop/aws';
import type { OrderMetrics } from '../domain/order-saga.ts';

/** The saga's metrics as CloudWatch EMF, flushed at the end of each invocation by observeInvocation. */
export function powertoolsOrderMetrics(): OrderMetrics {
  return {
    confirmed(checkoutToConfirmationMs) {
      metrics.addMetric('OrdersConfirmed', 'Count', 1);
      metrics.addMetric(
        'CheckoutToConfirmationLatency',
        'Milliseconds',
        Math.max(0, checkoutToConfirmationMs),
      );
    },
    rejected(reason) {
      // Its own EMF line, so the `reason` dimension stays on this metric alone.
      const rejected = metrics.singleMetric();
      rejected.addDimension('reason', reason);
      rejected.addMetric('OrdersRejected', 'Count', 1);
    },
  };
}
