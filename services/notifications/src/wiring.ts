import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import * as z from 'zod';
import { dynamoAddressBook } from './adapters/dynamo-address-book.ts';
import { dynamoNotificationStore } from './adapters/dynamo-notification-store.ts';
import { sesEmailSender } from './adapters/ses-email-sender.ts';
import { type AddressBook, type NotificationStore, type Notifier, notifier } from './domain/notifier.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    NOTIFICATIONS_TABLE: z.string().min(1),
    RECIPIENTS_TABLE: z.string().min(1),
    IDEMPOTENCY_TABLE: z.string().min(1),
    /** The verified SES identity every email is sent from. */
    SES_SENDER: z.email(),
  }),
);

/** The document client every adapter uses; undefined attributes (an absent `orderId`) are left out. */
export const documentClient = (client: DynamoDBClient = new DynamoDBClient({})) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

type Ports = { store: NotificationStore; addressBook: AddressBook };
let ports: Ports | undefined;
let built: Notifier | undefined;

/** The notifications table and the address book, built on first use and kept for the container's life. */
export function stores(): Ports {
  if (ports) return ports;
  const env = config();
  const client = documentClient(awsClient(new DynamoDBClient({})));
  ports = {
    store: dynamoNotificationStore({ tableName: env.NOTIFICATIONS_TABLE, client }),
    addressBook: dynamoAddressBook({ tableName: env.RECIPIENTS_TABLE, client }),
  };
  return ports;
}

/** The notifier every handler uses, built on first use and kept for the life of the container. */
export function notifications(): Notifier {
  if (built) return built;
  // No SDK retries: a retry after a lost answer could send a second email; SQS retries instead,
  // behind the notification's claim.
  const ses = awsClient(new SESClient({ maxAttempts: 1 }));
  built = notifier({ ...stores(), sender: sesEmailSender({ client: ses, sender: config().SES_SENDER }) });
  return built;
}
