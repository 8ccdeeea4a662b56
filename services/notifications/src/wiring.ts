import { awsClient, once, sharedDocumentClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { knownStoreIds, type StoreDirectory, storeDirectory } from '@shop/store-directory';
import * as z from 'zod/mini';
import { dynamoAddressBook } from './adapters/dynamo-address-book.ts';
import { dynamoNotificationStore } from './adapters/dynamo-notification-store.ts';
import { sesEmailSender } from './adapters/ses-email-sender.ts';
import { type AddressBook, type NotificationStore, type Notifier, notifier } from './domain/notifier.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    NOTIFICATIONS_TABLE: z.string().check(z.minLength(1)),
    RECIPIENTS_TABLE: z.string().check(z.minLength(1)),
    IDEMPOTENCY_TABLE: z.string().check(z.minLength(1)),
    STORES_TABLE: z.string().check(z.minLength(1)),
    /** The verified SES identity every email is sent from. */
    SES_SENDER: z.email(),
  }),
);

/** The notifications table and the address book. */
export const stores = /* @__PURE__ */ once((): { store: NotificationStore; addressBook: AddressBook } => ({
  store: dynamoNotificationStore({
    tableName: config().NOTIFICATIONS_TABLE,
    client: sharedDocumentClient(),
    storeIds: () => knownStoreIds({ tableName: config().STORES_TABLE, client: sharedDocumentClient() }),
  }),
  addressBook: dynamoAddressBook({ tableName: config().RECIPIENTS_TABLE, client: sharedDocumentClient() }),
}));

// Made (and the SDK's SES package imported) on the first email, not at init: listing notifications
// never needs it. No SDK retries: a retry after a lost answer could send a second email; SQS retries
// instead, behind the notification's claim.
const ses = /* @__PURE__ */ once(async () => {
  const { SESClient } = await import('@aws-sdk/client-ses');
  return awsClient(new SESClient({ maxAttempts: 1 }));
});

/** The notifier every handler uses. */
export const notifications = /* @__PURE__ */ once(
  (): Notifier =>
    notifier({
      ...stores(),
      // The store's name, for the subject and the sender's display name: from this service's own copy.
      stores: knownStores(),
      sender: sesEmailSender({ client: ses, sender: config().SES_SENDER }),
    }),
);

/** The stores this service knows (its own copy, from StoreChanged): how its routes resolve X-Store-Id. */
export const knownStores = /* @__PURE__ */ once(
  (): StoreDirectory => storeDirectory({ tableName: config().STORES_TABLE, client: sharedDocumentClient() }),
);
