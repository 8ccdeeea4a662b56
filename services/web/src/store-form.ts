// The stores admin form: its fields as typed, and what they mean to POST and PATCH /stores.
import type { NewStore, Store, StoreChanges } from './api/types.ts';

/** What the form holds (text as typed, the checkbox as a boolean). */
export interface StoreFields {
  storeId: string;
  name: string;
  currency: string;
  country: string;
  taxIncluded: boolean;
  returnWindowDays: string;
}

export const blankStore: StoreFields = {
  storeId: '',
  name: '',
  currency: '',
  country: '',
  taxIncluded: false,
  returnWindowDays: '',
};

export const fieldsOf = (store: Store): StoreFields => ({
  storeId: store.storeId,
  name: store.name,
  currency: store.currency,
  country: store.country,
  taxIncluded: store.taxIncluded,
  returnWindowDays: String(store.returnWindowDays),
});

/** The form's fields as the API takes them; `undefined` days means "the API's default". */
export function bodyOf(fields: StoreFields): NewStore {
  const body: NewStore = {
    storeId: fields.storeId.trim(),
    name: fields.name.trim(),
    currency: fields.currency.trim().toUpperCase(),
    country: fields.country.trim().toUpperCase(),
    taxIncluded: fields.taxIncluded,
  };
  // A number field: the browser leaves it empty unless it holds a number; the API checks the rest.
  const days = fields.returnWindowDays.trim();
  if (days) body.returnWindowDays = Number(days);
  return body;
}

/** Only what changed, so a PATCH never rewrites a field someone else just changed. */
export function changesOf(before: Store, fields: StoreFields): StoreChanges {
  const { storeId: _id, ...after } = bodyOf(fields);
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value !== undefined && value !== before[key as keyof Store]) changes[key] = value;
  }
  return changes as StoreChanges;
}
