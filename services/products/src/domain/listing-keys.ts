// The sort keys of the catalog's listings (API.md "Catalog queries"): strings that sort as the values
// do, each ending in the product id so that every key is unique. Pure, so the listings adapter and the
// ratings consumer share them and a unit test pins them.

/** What a listing item is made of: a live product's store, category, price, age and rating. */
export type ListedProduct = {
  productId: string;
  storeId: string;
  category: string;
  price: number;
  createdAt: string;
  rating?: { average: number; count: number } | undefined;
};

export const pad = (value: number, digits: number) =>
  String(Math.max(0, Math.round(value))).padStart(digits, '0');
/** Money up to MAX_AMOUNT (10^11) in 12 digits, so the keys sort as the prices do. */
const priceKeyOf = (price: number, productId: string) => `${pad(price, 12)}#${productId}`;

/** The rating sort's key: highest average first (descending), then the most reviews. */
export const ratingKeyOf = (productId: string, rating: { average: number; count: number } | undefined) =>
  `${pad((rating?.average ?? 0) * 10, 2)}#${pad(rating?.count ?? 0, 9)}#${productId}`;

/** The item's sort keys: the product id last, so every key is unique. */
export function listingKeys(product: ListedProduct) {
  return {
    priceKey: priceKeyOf(product.price, product.productId),
    newestKey: `${product.createdAt}#${product.productId}`,
    ratingKey: ratingKeyOf(product.productId, product.rating),
  };
}
