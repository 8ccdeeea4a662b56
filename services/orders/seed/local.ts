import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { documentClient } from '@shop/aws';
import { snsEventPublisher, transactionalOutbox } from '@shop/events';
import { dynamoPromotions } from '../src/adapters/dynamo-promotions.ts';
import { changeEvent, PromotionChangedError, type StoredPromotion } from '../src/domain/promotion-uses.ts';

interface SeedContext {
  env: Record<string, string>;
  outputs: Record<string, string>;
}

function output(outputs: Record<string, string>, name: string): string {
  const value = outputs[name];
  if (!value) throw new Error(`The orders stack has no ${name} output.`);
  return value;
}

/** The demo stores (services/stores/seed/demo-stores.ts) whose customers may use the welcome code. */
const DEMO_STORES = ['main', 'berlin'];

/** WELCOME10: 10 % off the goods, once per customer, in every demo store. */
export const welcomePromotion = (storeId: string, at: string): StoredPromotion => ({
  storeId,
  code: 'WELCOME10',
  type: 'percent',
  value: 10,
  perCustomerLimit: 1,
  timesUsed: 0,
  createdAt: at,
  updatedAt: at,
  version: 1,
});

/**
 * Creates WELCOME10 in each demo store with its PromotionChanged, which reaches carts' queue (its
 * subscription exists once the stacks are up) and is applied when the shop's pollers start. Called by
 * `npm start`; a code already there is left as it is.
 */
export default async function seed({ env, outputs }: SeedContext): Promise<string[]> {
  const clientConfig = {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  };
  const client = documentClient(new DynamoDBClient(clientConfig));
  const promotions = dynamoPromotions({
    tableName: output(outputs, 'PromotionsTableName'),
    ordersTableName: output(outputs, 'OrdersTableName'),
    client,
    outbox: transactionalOutbox({
      tableName: output(outputs, 'OutboxTableName'),
      client,
      publisher: snsEventPublisher({
        topicArn: output(outputs, 'OrderEventsTopicArn'),
        client: new SNSClient(clientConfig),
      }),
    }),
  });
  const at = new Date().toISOString();
  const lines: string[] = [];
  for (const storeId of DEMO_STORES) {
    const promotion = welcomePromotion(storeId, at);
    try {
      await promotions.save(promotion, 0, changeEvent(promotion, 'seed-demo-promotions'));
      lines.push(`promotion ${promotion.code} in ${storeId}: ${promotion.value} % off, once per customer`);
    } catch (error) {
      if (!(error instanceof PromotionChangedError)) throw error;
    }
  }
  return lines;
}
