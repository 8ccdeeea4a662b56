import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed } from '@shop/aws';
import type { ProductRatings } from '../domain/catalog-page.ts';
import { ratingKeyOf } from '../domain/listing-keys.ts';
import { LEGACY_STORE_ID } from '../domain/store-keys.ts';

/**
 * Ratings on the product items, and the rating sort's key on their listing items, in one transaction
 * per ProductRatingChanged and never a read. A module of its own, so the ratings consumer bundles none
 * of the catalog's writes.
 */
export function dynamoProductRatings(options: {
  tableName: string;
  listingsTableName: string;
  client: DynamoDBDocumentClient;
}): ProductRatings {
  const { tableName, listingsTableName, client } = options;

  async function write(
    storeId: string,
    productId: string,
    rating: { average: number; count: number },
    revision: number,
    withListing: boolean,
  ) {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
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
            },
          },
          ...(withListing
            ? [
                {
                  Update: {
                    TableName: listingsTableName,
                    Key: { productId },
                    UpdateExpression: 'SET ratingKey = :ratingKey',
                    // Only a live product's listing: a deleted one has none, one from before the
                    // listings gets its whole item from the backfill.
                    ConditionExpression: 'attribute_exists(productId)',
                    ExpressionAttributeValues: { ':ratingKey': ratingKeyOf(productId, rating) },
                  },
                },
              ]
            : []),
        ],
      }),
    );
  }

  return {
    async apply(storeId, productId, rating, revision) {
      for (const withListing of [true, false]) {
        try {
          await write(storeId, productId, rating, revision, withListing);
          return true;
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons) throw error;
          // Not this store's product, or the rating is at that revision already: nothing to do.
          if (conditionFailed(reasons[0])) return false;
          // The product has no listing item (deleted, or not backfilled yet): its rating alone.
          if (!(withListing && conditionFailed(reasons[1]))) throw error;
        }
      }
      return false;
    },
  };
}
