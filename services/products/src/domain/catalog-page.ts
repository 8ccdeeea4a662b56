import type { Product } from './product.ts';

/** One page of a product listing, as the API returns it. */
export interface CatalogPage {
  items: Product[];
  nextCursor: string | null;
}

export interface CatalogQuery {
  category?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Where the catalog lives; the DynamoDB adapter implements it, tests may use another. */
export interface ProductCatalog {
  find(productId: string): Promise<Product | undefined>;
  list(query: CatalogQuery): Promise<CatalogPage>;
  save(products: Product[]): Promise<void>;
}
