import { defineEvent, type EventOf } from '@shop/events';
import * as z from 'zod/mini';
import { storeIdOfRecord } from './stores.ts';
import { productOption } from './variants.ts';

/** The service name products' events carry as `source`. */
export const PRODUCTS_SOURCE = 'products';

const productId = z.string().check(z.minLength(1), z.maxLength(64));

/** Products → product-events topic: a product's catalog state after an admin change. */
export const productChanged = defineEvent(
  'ProductChanged',
  1,
  z.object({
    storeId: storeIdOfRecord,
    productId,
    name: z.string(),
    description: z.string(),
    category: z.string(),
    /** Integer minor units. */
    price: z.number().check(z.int(), z.minimum(0)),
    currency: z.string().check(z.length(3)),
    /** Units that can still be sold when the change was made. */
    stock: z.number().check(z.int(), z.minimum(0)),
    imageUrl: z.optional(z.string()),
    /**
     * Its options and variants (issue 16); absent in events from before variants, meaning one variant
     * with the product's id as id and SKU, its price and stock.
     */
    options: z.optional(z.array(productOption)),
    variants: z.optional(
      z.array(
        z.object({
          variantId: z.string().check(z.minLength(1), z.maxLength(96)),
          sku: z.string().check(z.minLength(1), z.maxLength(64)),
          options: z.record(z.string(), z.string()),
          price: z.number().check(z.int(), z.minimum(0)),
          stock: z.number().check(z.int(), z.minimum(0)),
        }),
      ),
    ),
    /** A deleted product can no longer be sold or listed; read models should drop it. */
    deleted: z.boolean(),
    /** Grows by one with every catalog change: a read model keeps the highest it has seen. */
    revision: z.number().check(z.int(), z.minimum(1)),
    updatedAt: z.iso.datetime(),
  }),
);

/** Catalog events on the product-events topic. */
export const productEvents = { productChanged } as const;

export type ProductChanged = EventOf<typeof productChanged>;
