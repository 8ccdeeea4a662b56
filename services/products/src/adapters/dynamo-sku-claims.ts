import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

// A SKU is unique per store (API.md "Variants"): one claim item per store and SKU in the SKU table,
// put with the variant that takes it and deleted with it, in the product's own transaction, so two
// products racing for one SKU cannot both win and a refused write leaves no claim behind.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A variant's SKU as claimed. */
export type SkuHolder = { variantId: string; sku: string };

/** The claim key: the store and the SKU (a store id never contains `#`). */
export const claimKeyOf = (storeId: string, sku: string): string => `${storeId}#${sku}`;

export function dynamoSkuClaims(options: { tableName: string }) {
  const { tableName } = options;
  return {
    /**
     * The claims to put and delete so that the store's claims match `next` (none once deleted), for
     * the transaction that writes the product; `claimed` are the SKUs each put takes, in order, so a
     * put whose condition failed names the SKU another variant of the store holds.
     */
    changes(
      storeId: string,
      productId: string,
      next: readonly SkuHolder[],
      previous: readonly SkuHolder[],
    ): { items: TransactItem[]; claimed: string[] } {
      const same = (a: SkuHolder) => (b: SkuHolder) => a.sku === b.sku && a.variantId === b.variantId;
      const released = previous.filter((held) => !next.some(same(held)));
      const taken = next.filter((wanted) => !previous.some(same(wanted)));
      const deletes = released.map(
        ({ sku, variantId }): TransactItem => ({
          Delete: {
            TableName: tableName,
            Key: { storeSku: claimKeyOf(storeId, sku) },
            // Only this variant's own claim: never one another write took meanwhile.
            ConditionExpression: 'variantId = :variant',
            ExpressionAttributeValues: { ':variant': variantId },
          },
        }),
      );
      const puts = taken.map(
        ({ sku, variantId }): TransactItem => ({
          Put: {
            TableName: tableName,
            Item: { storeSku: claimKeyOf(storeId, sku), storeId, sku, variantId, productId },
            ConditionExpression: 'attribute_not_exists(storeSku)',
          },
        }),
      );
      return { items: [...deletes, ...puts], claimed: taken.map(({ sku }) => sku) };
    },
  };
}
