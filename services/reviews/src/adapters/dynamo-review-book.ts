import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed, isConditionFailure, lostRace } from '@shop/aws';
import type { ReviewSort } from '@shop/contracts';
import { ValidationError } from '@shop/errors';
import type { TransactionalOutbox } from '@shop/events';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import { NO_RATING, type RatingAggregate } from '../domain/rating.ts';
import type { StoredReview } from '../domain/review.ts';
import type { CommitOutcome, ReviewBook, ReviewWrite } from '../domain/reviews.ts';

/** The partition of one product of one store: its reviews and its rating aggregate. */
export const productKeyOf = (storeId: string, productId: string) => `${storeId}#${productId}`;
/** The sort key of a review, and the one of the product's aggregate. */
export const reviewKeyOf = (reviewId: string) => `review#${reviewId}`;
export const RATING_KEY = 'rating';

/** The two local indexes, by `sort=`: each one's sort key attribute. */
const INDEXES: Record<ReviewSort, { name: string; key: 'newestKey' | 'ratingKey' }> = {
  newest: { name: 'newest', key: 'newestKey' },
  rating: { name: 'byRating', key: 'ratingKey' },
};

// The sort keys: newest first is <createdAt>#<reviewId> descending; by rating <rating>#<createdAt>#<reviewId>
// descending (one digit, so it sorts as text), newest first within a rating.
const newestKeyOf = (review: StoredReview) => `${review.createdAt}#${review.reviewId}`;
const ratingKeyOf = (review: StoredReview) => `${review.rating}#${review.createdAt}#${review.reviewId}`;

const keyPart = z.string().check(z.minLength(1), z.maxLength(300));
// A cursor holds exactly the keys DynamoDB resumes from; the index's own key names its sort, so a
// cursor of the other sort fails the strict schema, and one of another product or store its productKey.
const cursors: Record<ReviewSort, z.ZodMiniType<Record<string, string>>> = {
  newest: z.strictObject({ productKey: keyPart, reviewKey: keyPart, newestKey: keyPart }),
  rating: z.strictObject({ productKey: keyPart, reviewKey: keyPart, ratingKey: keyPart }),
};

const invalidCursor = () =>
  new ValidationError('Invalid cursor.', [{ field: 'cursor', message: 'Not a cursor of this list' }]);

type ReviewItem = StoredReview & {
  productKey: string;
  reviewKey: string;
  newestKey: string;
  ratingKey: string;
};

function fromItem(item: Record<string, unknown>): StoredReview {
  const { productKey, reviewKey, newestKey, ratingKey, ...review } = item as ReviewItem;
  return review;
}

/**
 * The reviews table: one partition per product of a store (`productKey`), holding its reviews
 * (`reviewKey` = review#<reviewId>) and its rating aggregate (`reviewKey` = rating); the local indexes
 * `newest` and `byRating` list the reviews (the aggregate has neither of their keys). Every write of
 * a review that changes the stars writes the aggregate, conditioned on the revision read, and the
 * ProductRatingChanged outbox item in the same transaction.
 */
export function dynamoReviewBook(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): ReviewBook {
  const { tableName, client, outbox } = options;

  function reviewPut(
    review: StoredReview,
    condition: { expression: string; values?: Record<string, unknown> },
  ) {
    const item: ReviewItem = {
      ...review,
      productKey: productKeyOf(review.storeId, review.productId),
      reviewKey: reviewKeyOf(review.reviewId),
      newestKey: newestKeyOf(review),
      ratingKey: ratingKeyOf(review),
    };
    return {
      TableName: tableName,
      Item: item,
      ConditionExpression: condition.expression,
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
    };
  }

  const versionIs = (version: number) => ({
    expression: 'version = :version',
    values: { ':version': version },
  });

  return {
    async find(storeId, productId, reviewId) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { productKey: productKeyOf(storeId, productId), reviewKey: reviewKeyOf(reviewId) },
          ConsistentRead: true,
        }),
      );
      return Item ? fromItem(Item) : undefined;
    },

    async rating(storeId, productId): Promise<RatingAggregate> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { productKey: productKeyOf(storeId, productId), reviewKey: RATING_KEY },
          ConsistentRead: true,
        }),
      );
      if (!Item) return NO_RATING;
      return { count: Number(Item.count), sum: Number(Item.sum), revision: Number(Item.revision) };
    },

    async list(storeId, productId, query) {
      const index = INDEXES[query.sort];
      const productKey = productKeyOf(storeId, productId);
      const startKey = query.cursor ? decodeCursor(query.cursor, cursors[query.sort]) : undefined;
      if (startKey && startKey.productKey !== productKey) throw invalidCursor();
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.name,
          KeyConditionExpression: 'productKey = :productKey',
          ExpressionAttributeValues: { ':productKey': productKey },
          ScanIndexForward: false,
          Limit: query.limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      return {
        items: Items.map(fromItem),
        nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null,
      };
    },

    async commit(write: ReviewWrite): Promise<CommitOutcome> {
      const { review } = write;
      const productKey = productKeyOf(review.storeId, review.productId);
      const reviewItem: NonNullable<TransactWriteCommandInput['TransactItems']>[number] =
        write.kind === 'create'
          ? { Put: reviewPut(review, { expression: 'attribute_not_exists(reviewKey)' }) }
          : write.kind === 'update'
            ? { Put: reviewPut(review, versionIs(write.expectedVersion)) }
            : {
                Delete: {
                  TableName: tableName,
                  Key: { productKey, reviewKey: reviewKeyOf(review.reviewId) },
                  ConditionExpression: 'version = :version',
                  ExpressionAttributeValues: { ':version': review.version },
                },
              };
      const { rating } = write;

      // A new title or body alone: one conditional Put, no aggregate, no event.
      if (!rating) {
        try {
          await client.send(new PutCommand(reviewItem.Put as ConstructorParameters<typeof PutCommand>[0]));
          return 'committed';
        } catch (error) {
          if (isConditionFailure(error)) return 'raced';
          throw error;
        }
      }

      const { from, to, event } = rating;
      const aggregate = {
        Put: {
          TableName: tableName,
          Item: {
            productKey,
            reviewKey: RATING_KEY,
            storeId: review.storeId,
            productId: review.productId,
            count: to.count,
            sum: to.sum,
            revision: to.revision,
            updatedAt: event.data.updatedAt,
          },
          // The aggregate read, still: a concurrent review of the product has not moved it since.
          ...(from.revision === 0
            ? { ConditionExpression: 'attribute_not_exists(reviewKey)' }
            : {
                ConditionExpression: 'revision = :revision',
                ExpressionAttributeValues: { ':revision': from.revision },
              }),
        },
      };
      try {
        await client.send(
          new TransactWriteCommand({ TransactItems: [reviewItem, aggregate, outbox.entry(event)] }),
        );
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (write.kind === 'create' && conditionFailed(reasons[0])) return 'exists';
        if (reasons.slice(0, 2).some(lostRace)) return 'raced';
        throw error;
      }
      await outbox.publishCommitted([event]);
      return 'committed';
    },
  };
}
