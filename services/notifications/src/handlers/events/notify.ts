import { logger, metrics } from '@shop/aws';
import {
  orderCancelled,
  orderConfirmed,
  orderDelivered,
  orderRejected,
  orderShipped,
  returnReceived,
  returnRefunded,
  userRegistered,
} from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { notifications } from '../../wiring.ts';

/** The events that are emailed; OrderPlaced is not (the subscription's filter policy keeps it out). */
export const notifiedEvents = [
  orderConfirmed,
  orderRejected,
  orderCancelled,
  orderShipped,
  orderDelivered,
  returnReceived,
  returnRefunded,
  userRegistered,
] as const;

/**
 * The notifications queue consumer: one email per event id, recorded in the notifications table.
 * An order event for a user not registered here yet fails and is retried (then dead-lettered).
 */
export const handler = sqsEventConsumer({
  events: notifiedEvents,
  onceBy:
    'the notification record, claimed by a Put conditioned on the event id before the send: a repeat finds it and sends nothing',
  handle: async (event) => {
    const outcome =
      event.type === 'UserRegistered'
        ? await notifications().userRegistered(event)
        : event.type === 'ReturnReceived' || event.type === 'ReturnRefunded'
          ? await notifications().returnChanged(event)
          : await notifications().orderChanged(event);
    if (outcome === 'erased') logger.info('Not sent: the user erased their account', { eventId: event.id });
    if (outcome === 'unknown') {
      // An earlier attempt died mid-send; the email is not repeated. An operator may check SES.
      logger.error('Notification left unconfirmed by a dead attempt; not sent again', {
        eventId: event.id,
        type: event.type,
      });
      metrics.addMetric('NotificationDeliveryUnknown', 'Count', 1);
    }
  },
});
