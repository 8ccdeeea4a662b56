import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Variant } from '@shop/contracts';
import type { Product, ProductRecord } from '../domain/product.ts';
import { shownProduct } from '../domain/product.ts';
import { belongsTo, storeOf } from '../domain/store-keys.ts';
import type { ListedProduct, ListingItem } from './dynamo-catalog-listings.ts';
import { type HolderRead, readHolders, stockOf } from './dynamo-stock-holders.ts';

// The products table's product items as both halves of the catalog adapter read them: the reads
// (`dynamo-catalog-reads.ts`: a product, a page, the facets) and the writes (`dynamo-product-catalog.ts`).

/** A variant as the product item keeps it: its stock lives in its own stock item (the variant item). */
export type StoredVariant = Omit<Variant, 'stock'>;

/**
 * A product item. `nameKey`, `storeCategory` and `catalogShelf` exist only while the product is live, so a
 * deleted product leaves the category and name indexes; `revision` grows with every catalog write (not
 * with reservations), and every write is conditioned on the revision, stock and store it read. An item
 * written before stores has no `storeId` (it is main's, `backfillMainStore` adds it). A product with
 * options keeps its variants without stock and has no `stock` of its own: each variant's units live in
 * its variant item (key: the variant id), where reservations take them.
 */
export type StoredProduct = Omit<ProductRecord, 'storeId' | 'stock' | 'variants'> & {
  storeId?: string;
  stock?: number;
  variants?: StoredVariant[];
  nameKey?: string;
  storeCategory?: string;
  catalogShelf?: string;
  /** The whole-catalog key of an item written before `catalogByName` (until rewritten or backfilled). */
  shelf?: string;
  /** The review revision the rating reflects (ProductRatingChanged): a lower or equal one changes nothing. */
  ratingRevision?: number;
  searchTerms: string[];
  revision: number;
  deletedAt?: string;
  /**
   * A hot product's shard count: its units live in the shard items (`stock` here is then 0, and the
   * product's `stock` as read is the shards' sum). See `src/domain/stock-shards.ts`.
   */
  stockShards?: number;
};

/** A product as read: with the stock of each of its stock items (itself, or its variants) as read. */
export type ReadProduct = StoredProduct & {
  holders: Map<string, HolderRead>;
  listed?: ListingItem | undefined;
};

/** The product record: the catalog's keys and counters dropped, each stock as its holder's read. */
export function toRecord(read: ReadProduct): ProductRecord {
  const {
    nameKey: _nameKey,
    storeCategory: _storeCategory,
    shelf: _shelf,
    catalogShelf: _catalogShelf,
    ratingRevision: _ratingRevision,
    searchTerms: _searchTerms,
    revision: _revision,
    deletedAt: _deletedAt,
    stockShards: _stockShards,
    holders,
    listed: _listed,
    variants,
    stock: _stock,
    ...product
  } = read;
  const storeId = storeOf(read);
  if (variants === undefined) return { ...product, storeId, stock: stockOf(holders.get(read.productId)) };
  const sold = variants.map((item) => ({ ...item, stock: stockOf(holders.get(item.variantId)) }));
  return { ...product, storeId, variants: sold, stock: sold.reduce((sum, item) => sum + item.stock, 0) };
}

export const toProduct = (read: ReadProduct): Product => shownProduct(toRecord(read));

export const isLive = (stored: StoredProduct | undefined): stored is StoredProduct =>
  stored !== undefined && stored.deletedAt === undefined;

/** A live product of this store: another store's product is not found here, like an unknown one. */
export const isLiveIn =
  (storeId: string) =>
  (stored: StoredProduct | undefined): stored is StoredProduct =>
    isLive(stored) && belongsTo(stored, storeId);

/** What a product's listing item is made of. */
export const listedOf = (record: ProductRecord): ListedProduct => ({
  productId: record.productId,
  storeId: record.storeId,
  category: record.category,
  price: record.price,
  createdAt: record.createdAt,
  rating: record.rating,
});

/** Products with their holders' stock (one or two batch reads for all of them). */
export async function withStock(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: StoredProduct[],
  consistent: boolean,
): Promise<ReadProduct[]> {
  const holders = await readHolders(client, tableName, items, consistent);
  return items.map((item, index) => ({ ...item, holders: holders[index] as Map<string, HolderRead> }));
}
