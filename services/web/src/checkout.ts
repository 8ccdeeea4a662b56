// Checkout idempotency: every checkout attempt gets a fresh `Idempotency-Key`, and a retry of the same
// attempt (same body, after a network failure, a 5xx or a 429) sends the same key again, so the
// server answers with the order it already made instead of making a second one.
import { ApiError, NetworkError } from './api/problem.ts';
import type { Address, CheckoutRequest } from './api/types.ts';

type RandomFill = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

/** A random UUID v4; uses getRandomValues, which also works outside secure contexts (unlike randomUUID). */
export function newIdempotencyKey(fill: RandomFill = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = fill(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The same string for equal JSON values whatever their key order. */
export function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${fingerprint(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Whether a failed checkout may have reached the server and should be retried with the same key. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 429);
}

export interface CheckoutAttempts {
  /** The key to send for `body`: the open attempt's if the body is the same, else a new attempt's. */
  keyFor(body: CheckoutRequest): string;
  /** Records how the request ended: a retryable failure keeps the attempt open, anything else closes it. */
  settle(error?: unknown): void;
  /** The open attempt's key, if any (shown so a customer can quote it). */
  openKey(): string | undefined;
}

export function createCheckoutAttempts(newKey: () => string = newIdempotencyKey): CheckoutAttempts {
  let open: { fingerprint: string; key: string } | undefined;
  return {
    keyFor(body) {
      const print = fingerprint(body);
      if (open?.fingerprint !== print) open = { fingerprint: print, key: newKey() };
      return open.key;
    },
    settle(error) {
      if (error === undefined || !isRetryable(error)) open = undefined;
    },
    openKey: () => open?.key,
  };
}

/** The address as the API wants it: trimmed, optional line2 left out when empty, country uppercase. */
export function normalizeAddress(form: Address): Address {
  const address: Address = {
    line1: form.line1.trim(),
    city: form.city.trim(),
    postalCode: form.postalCode.trim(),
    country: form.country.trim().toUpperCase(),
  };
  const line2 = form.line2?.trim();
  if (line2) address.line2 = line2;
  return address;
}

/** The country to list shipping options for: the form's, once it is a two-letter code. */
export function shippingCountry(form: Pick<Address, 'country'>): string | undefined {
  const country = form.country.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(country) ? country : undefined;
}

/** The address to price the delivery for (PUT /cart/delivery): once every required field is filled. */
export function deliverableAddress(form: Address): Address | undefined {
  const address = normalizeAddress(form);
  const complete = address.line1 !== '' && address.city !== '' && address.postalCode !== '';
  return complete && shippingCountry(address) ? address : undefined;
}

/** How long a shipping option takes, in words: `0` → "same day", `3` → "3 days". */
export function deliveryEstimate(estimatedDays: number): string {
  if (estimatedDays === 0) return 'same day';
  return estimatedDays === 1 ? '1 day' : `${estimatedDays} days`;
}
