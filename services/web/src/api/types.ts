// The API's shapes as /work/shared/API.md (contract v1) defines them. Money is integer minor units.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Product {
  productId: string;
  name: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  /** Units that can still be sold (reserved units are not in it). */
  stock: number;
  imageUrl?: string;
  createdAt: string;
  updatedAt: string;
}

/** POST /products; PATCH takes any of these fields. */
export interface ProductInput {
  name: string;
  description: string;
  category: string;
  price: number;
  currency?: string;
  stock: number;
  imageUrl?: string;
}

export interface CartLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Cart {
  items: CartLine[];
  subtotal: number;
  currency: string;
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, uppercase. */
  country: string;
}

export type PaymentMethod = 'card_ok' | 'card_declined';

export interface CheckoutRequest {
  shippingAddress: Address;
  paymentMethod?: PaymentMethod;
}

export interface CheckoutAccepted {
  orderId: string;
  status: 'PENDING';
}

export const orderStatuses = [
  'PENDING',
  'CONFIRMED',
  'REJECTED',
  'CANCELLED',
  'SHIPPED',
  'DELIVERED',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  orderId: string;
  userId: string;
  status: OrderStatus;
  items: OrderLine[];
  total: number;
  currency: string;
  shippingAddress: Address;
  reason?: string;
  createdAt: string;
  updatedAt: string;
  history: Array<{ status: OrderStatus; at: string; reason?: string }>;
}

export interface Notification {
  notificationId: string;
  type: string;
  channel: 'email';
  to: string;
  subject: string;
  body: string;
  status: string;
  orderId?: string;
  createdAt: string;
}

export interface Profile {
  userId: string;
  email: string;
  name: string;
  addresses: Address[];
  createdAt: string;
}

export interface SignupRequest {
  email: string;
  password: string;
  name: string;
}

export interface SignupResult {
  userId: string;
  email: string;
  confirmed: boolean;
}

export interface LoginTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** Seconds. */
  expiresIn: number;
}

/** What a refresh answers: `refreshToken` is the next one (refresh tokens rotate); older servers sent none. */
export type RefreshedTokens = Omit<LoginTokens, 'refreshToken'> & { refreshToken?: string };
