import { randomUUID } from 'node:crypto';
import { administers, type Principal } from '@shop/auth';
import type {
  CheckoutSettings,
  NewShippingOption,
  ShippingOption,
  ShippingOptionList,
  ShippingOptionPatch,
  TaxRate,
  TaxRateList,
} from '@shop/contracts';
import { ForbiddenError } from '@shop/errors';
import {
  addShippingOption,
  changeShippingOption,
  newShippingOption,
  putTaxRate,
  removeShippingOption,
  removeTaxRate,
  shippingOptionsFor,
  sortedTaxRates,
} from './checkout-settings.ts';
import { changeCheckoutSettings } from './store.ts';
import { type ChangeContext, findStore, rewriteStore, type StoreRegistry } from './store-management.ts';

/**
 * A store's shipping options and tax rates, kept on the store's own record: every change is a change
 * of the store (the same optimistic write as PATCH /stores, `updatedAt` forward) and publishes its
 * StoreChanged with the settings, so every service's read model of the store holds them.
 */
export function checkoutSettingsManagement(deps: {
  registry: StoreRegistry;
  now?: () => Date;
  /** A new shipping option's id. */
  newId?: () => string;
}) {
  const { registry } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;

  /**
   * Changes the store's settings with `rule`, for its admins only: 403 before anything is read, as
   * for PATCH /stores (another store's admin learns nothing, not even whether the store exists).
   */
  async function change<T>(
    storeId: string,
    principal: Principal,
    context: ChangeContext | undefined,
    rule: (settings: CheckoutSettings) => { change: CheckoutSettings; answer: T },
  ): Promise<T> {
    if (!administers(principal, storeId)) throw new ForbiddenError();
    return rewriteStore(
      registry,
      storeId,
      (current) => {
        const { change: settings, answer } = rule(current);
        return { next: changeCheckoutSettings(current, settings, now()), answer };
      },
      context,
    );
  }

  return {
    /** The store's shipping options, those delivering to `country` if given; 404 for no such store. */
    async shippingOptions(storeId: string, country?: string): Promise<ShippingOptionList> {
      const { shippingOptions = [] } = await findStore(registry, storeId);
      return { items: shippingOptionsFor(shippingOptions, country) };
    },

    /** The store's tax rates by country; 404 for no such store. */
    async taxRates(storeId: string): Promise<TaxRateList> {
      const { taxRates = [] } = await findStore(registry, storeId);
      return { items: sortedTaxRates(taxRates) };
    },

    /** Adds a shipping option with a new id; 409 past the limit. */
    addShippingOption(
      storeId: string,
      input: NewShippingOption,
      principal: Principal,
      context?: ChangeContext,
    ): Promise<ShippingOption> {
      const option = newShippingOption(input, newId());
      return change(storeId, principal, context, ({ shippingOptions = [] }) => ({
        change: { shippingOptions: addShippingOption(shippingOptions, option) },
        answer: option,
      }));
    },

    /** Changes the given fields of a shipping option; 404 for no such option. */
    changeShippingOption(
      storeId: string,
      shippingOptionId: string,
      patch: ShippingOptionPatch,
      principal: Principal,
      context?: ChangeContext,
    ): Promise<ShippingOption> {
      return change(storeId, principal, context, ({ shippingOptions = [] }) => {
        const { options, changed } = changeShippingOption(shippingOptions, shippingOptionId, patch);
        return { change: { shippingOptions: options }, answer: changed };
      });
    },

    /** Removes a shipping option; 404 for no such option. */
    removeShippingOption(
      storeId: string,
      shippingOptionId: string,
      principal: Principal,
      context?: ChangeContext,
    ): Promise<void> {
      return change(storeId, principal, context, ({ shippingOptions = [] }) => ({
        change: { shippingOptions: removeShippingOption(shippingOptions, shippingOptionId) },
        answer: undefined,
      }));
    },

    /** Sets the country's tax rate, replacing any before; 409 for a new country past the limit. */
    putTaxRate(
      storeId: string,
      rate: TaxRate,
      principal: Principal,
      context?: ChangeContext,
    ): Promise<TaxRate> {
      return change(storeId, principal, context, ({ taxRates = [] }) => ({
        change: { taxRates: putTaxRate(taxRates, rate) },
        answer: { country: rate.country, rate: rate.rate },
      }));
    },

    /** Removes the country's tax rate; 404 when it has none. */
    removeTaxRate(
      storeId: string,
      country: string,
      principal: Principal,
      context?: ChangeContext,
    ): Promise<void> {
      return change(storeId, principal, context, ({ taxRates = [] }) => ({
        change: { taxRates: removeTaxRate(taxRates, country) },
        answer: undefined,
      }));
    },
  };
}

export type CheckoutSettingsManagement = ReturnType<typeof checkoutSettingsManagement>;
