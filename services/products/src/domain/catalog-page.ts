import type { ProductPage } from '@shop/contracts';
import type { NewProduct, Product, ProductPatch } from './product.ts';

/** One page of a product listing, as the API returns it (the contract's `ProductPage`). */
export type CatalogPage = ProductPage;

export interface CatalogQuery {
  category?: string | undefined;
  /** Words that must all appear in the name or description, case-insensitively. */
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Who caused a change, carried on to the events it publishes. */
export interface ChangeContext {
  correlationId?: string | undefined;
}

/** Where the catalog lives; the DynamoDB adapter implements it, tests may use another. */
export interface ProductCatalog {
  /** A live product; a deleted one is not found. */
  find(productId: string): Promise<Product | undefined>;
  list(query: CatalogQuery): Promise<CatalogPage>;
  create(input: NewProduct, context?: ChangeContext): Promise<Product>;
  /** Throws NotFoundError for an unknown or deleted product. */
  update(productId: string, patch: ProductPatch, context?: ChangeContext): Promise<Product>;
  /** Throws NotFoundError for an unknown or deleted product. */
  remove(productId: string, context?: ChangeContext): Promise<void>;
  /** Writes products as given (ids included), creating or replacing them: the seed's path. */
  save(products: Product[], context?: ChangeContext): Promise<void>;
}
