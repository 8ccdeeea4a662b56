import type { ProductFacets, ProductPage, ProductSort, VariantPatch } from '@shop/contracts';
import type { NewProduct, OwningStore, Product, ProductPatch, ProductRecord } from './product.ts';

/** One page of a product listing, as the API returns it (the contract's `ProductPage`). */
export type CatalogPage = ProductPage;

export interface CatalogQuery {
  category?: string | undefined;
  /** Words that must all appear in the name or description, case-insensitively. */
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  /** `name` (A–Z, the v1 order) when absent. */
  sort?: ProductSort | undefined;
  /** A price range in minor units (each bound inclusive). */
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Only products with stock (a product with variants: any of its variants). */
  inStock?: boolean | undefined;
}

/** Who caused a change, carried on to the events it publishes. */
export interface ChangeContext {
  correlationId?: string | undefined;
}

/**
 * Where the catalog lives; the DynamoDB adapter implements it, tests may use another. Every call is
 * within one store: a product of another store is not found, exactly like an unknown one. The reads
 * and the writes are two halves, so a function bundles only the half it uses.
 */
export type ProductCatalog = CatalogReads & CatalogWrites;

/** The catalog's reads: a product, a page of a listing, the facets. */
export interface CatalogReads {
  /** A live product of the store; a deleted one, or another store's, is not found. */
  find(storeId: string, productId: string): Promise<Product | undefined>;
  /**
   * The categories (with how many live products each) and the price range of what the filters select.
   * Throws ValidationError for a search of more matches than it counts.
   */
  facets(
    storeId: string,
    query: { category?: string | undefined; q?: string | undefined },
  ): Promise<ProductFacets>;
  /** Throws ValidationError (`cursor`) for a cursor issued for another store or listing. */
  list(storeId: string, query: CatalogQuery): Promise<CatalogPage>;
}

/** The catalog's writes. */
export interface CatalogWrites {
  /** A new product of the store, in the store's currency unless the input names one. */
  create(store: OwningStore, input: NewProduct, context?: ChangeContext): Promise<Product>;
  /** Throws NotFoundError for an unknown or deleted product, or one of another store. */
  update(storeId: string, productId: string, patch: ProductPatch, context?: ChangeContext): Promise<Product>;
  /**
   * Changes one variant's SKU, price or stock. Throws NotFoundError for an unknown product (or one of
   * another store) or variant, ConflictError for a SKU another variant of the store has.
   */
  updateVariant(
    storeId: string,
    productId: string,
    variantId: string,
    patch: VariantPatch,
    context?: ChangeContext,
  ): Promise<Product>;
  /** Throws NotFoundError for an unknown or deleted product, or one of another store. */
  remove(storeId: string, productId: string, context?: ChangeContext): Promise<void>;
  /** Writes products as given (ids and stores included), creating or replacing them: the seed's path. */
  save(products: ProductRecord[], context?: ChangeContext): Promise<void>;
}

/** Where each product's rating from its reviews is kept (the DynamoDB adapter: the product item). */
export interface ProductRatings {
  /**
   * Sets a product's rating from the reviews' aggregate at `revision`; false when the product is not
   * the store's (or unknown) or its rating already reflects that revision or a later one, so a
   * redelivered or reordered update changes nothing.
   */
  apply(
    storeId: string,
    productId: string,
    rating: { average: number; count: number },
    revision: number,
  ): Promise<boolean>;
}
