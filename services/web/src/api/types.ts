// The API's shapes come from the HTTP contract (`@shop/contracts`), the same zod schemas the handlers
// validate with and the OpenAPI document is made of. Imported as types only: nothing server-side
// (zod included) reaches the browser bundle. Money is integer minor units.
import type {
  CartItem,
  CheckoutInput,
  DeliveryBody,
  NewProductInput,
  NewPromotionInput,
  NewShippingOptionInput,
  NewStoreInput,
  OrderStatus,
  ReturnRequestBody,
  ReviewBody,
  ShippingOptionPatch as ShippingOptionPatchBody,
  SignedUp,
  SignUpBody,
  StorePatch,
  Tokens,
  VariantPatch,
} from '@shop/contracts';

export type {
  Address,
  Cart,
  CheckoutAccepted,
  Notification,
  Order,
  OrderItem as OrderLine,
  OrderReturn,
  OrderStatus,
  PaymentMethod,
  Product,
  ProductFacets,
  ProductSort,
  Profile,
  Promotion,
  PromotionPage,
  PromotionPatch,
  PromotionType,
  Review,
  ReviewSort,
  ShippingOption,
  ShippingOptionList,
  Store,
  TaxRate,
  TaxRateList,
} from '@shop/contracts';

/** POST /orders/{orderId}/returns: `{ lines: [{ variantId, quantity }], reason }`. */
export type ReturnRequest = ReturnRequestBody;

/** POST /products/{productId}/reviews and PUT …/reviews/mine: `{ rating: 1–5, title, body }`, plain text. */
export type ReviewInput = ReviewBody;

/** POST /stores, as a client sends it (the API defaults taxIncluded and returnWindowDays). */
export type NewStore = NewStoreInput;
/** PATCH /stores/{storeId}: any field but the id. */
export type StoreChanges = StorePatch;

/** POST /shipping-options: `{ name, price, freeOver?, estimatedDays, countries }`, money in minor units. */
export type NewShippingOption = NewShippingOptionInput;
/** PATCH /shipping-options/{shippingOptionId}: any of the new option's fields; `freeOver: null` removes it. */
export type ShippingOptionPatch = ShippingOptionPatchBody;

/** POST /promotions: `{ code, type, value, startsAt?, endsAt?, usageLimit?, perCustomerLimit?, minSubtotal? }`. */
export type NewPromotion = NewPromotionInput;

/** A list answer: `{ items, nextCursor }`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** POST /products; PATCH takes any of these fields. */
export type ProductInput = NewProductInput;
/** PATCH /products/{productId}/variants/{variantId}: any of sku, price, stock. */
export type VariantPatchInput = VariantPatch;
export type CartLine = CartItem;
export type CheckoutRequest = CheckoutInput;
/** PUT /cart/delivery: `{ shippingAddress, shippingOptionId? }` (no option: the cheapest for the country). */
export type DeliveryRequest = DeliveryBody;
export type SignupRequest = SignUpBody;
export type SignupResult = SignedUp;
export type LoginTokens = Tokens;

/** What a refresh answers: `refreshToken` is the next one (refresh tokens rotate); older servers sent none. */
export type RefreshedTokens = Omit<LoginTokens, 'refreshToken'> & { refreshToken?: string };

// Every status of the contract once (a missing or unknown one fails to compile), in the order the
// pages offer them as filters.
const statusOrder = {
  PENDING: 0,
  CONFIRMED: 1,
  REJECTED: 2,
  CANCELLED: 3,
  SHIPPED: 4,
  DELIVERED: 5,
} as const satisfies Record<OrderStatus, number>;
export const orderStatuses = Object.keys(statusOrder) as OrderStatus[];
