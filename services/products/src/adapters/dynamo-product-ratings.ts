import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@shop/aws';
import type { ProductRatings } from '../domain/catalog-page.ts';
import { LEGACY_STORE_ID } from '../domain/store-keys.ts';

/**
 * Ratings on the product items: one conditional update per ProductRatingChanged, never a read. A
 * module of its own, so the ratings consumer bundles none of the catalog's writes.
 */
export function dynamoProductRatings(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): ProductRatings {
  const { tableName, client } = options;
  return {
    async apply(storeId, productId, rating, revision) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { productId },
            // The catalog revision moves too, so an admin write that read the old rating retries (its
            // condition is on the revision) instead of writing it back.
            UpdateExpression: 'SET rating = :rating, ratingRevision = :ratingRevision ADD revision :one',
            ConditionExpression: [
              // A product item: not a variant's or a shard's stock item.
              'attribute_exists(revision)',
              'attribute_not_exists(variantOf)',
              storeId === LEGACY_STORE_ID
                ? '(storeId = :store OR attribute_not_exists(storeId))'
                : 'storeId = :store',
              '(attribute_not_exists(ratingRevision) OR ratingRevision < :ratingRevision)',
            ].join(' AND '),
            ExpressionAttributeValues: {
              ':rating': { average: rating.average, count: rating.count },
              ':ratingRevision': revision,
              ':store': storeId,
              ':one': 1,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
