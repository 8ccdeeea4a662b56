import { ConflictError, NotFoundError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import {
  addShippingOption,
  changeShippingOption,
  newShippingOption,
  putTaxRate,
  removeShippingOption,
  removeTaxRate,
  shippingOptionsFor,
  sortedTaxRates,
} from '../src/domain/checkout-settings.ts';

const standard = newShippingOption(
  { name: 'Standard', price: 495, freeOver: 5000, estimatedDays: 3, countries: ['DE', 'AT'] },
  'standard',
);
const worldwide = newShippingOption(
  { name: 'Worldwide', price: 1995, estimatedDays: 10, countries: ['*'] },
  'worldwide',
);
const manyOptions = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ ...worldwide, shippingOptionId: `option-${index}` }));

describe('shipping options', () => {
  it('filters by the country an option lists, or "*", and lists all without a country', () => {
    const options = [standard, worldwide];
    expect(shippingOptionsFor(options, 'DE')).toEqual([standard, worldwide]);
    expect(shippingOptionsFor(options, 'FR')).toEqual([worldwide]);
    expect(shippingOptionsFor([standard], 'FR')).toEqual([]);
    expect(shippingOptionsFor(options, undefined)).toEqual(options);
  });

  it('makes an option of the fields given, without a freeOver it was not given', () => {
    expect(worldwide).toEqual({
      shippingOptionId: 'worldwide',
      name: 'Worldwide',
      price: 1995,
      estimatedDays: 10,
      countries: ['*'],
    });
    expect(worldwide).not.toHaveProperty('freeOver');
  });

  it('adds an option last, and refuses a 51st with a 409', () => {
    expect(addShippingOption([standard], worldwide)).toEqual([standard, worldwide]);
    expect(addShippingOption(manyOptions(49), standard)).toHaveLength(50);
    expect(() => addShippingOption(manyOptions(50), standard)).toThrow(ConflictError);
  });

  it('changes only the fields given, in its place, and removes freeOver for null', () => {
    const { options, changed } = changeShippingOption([standard, worldwide], 'standard', {
      price: 0,
      countries: ['DE'],
    });
    expect(changed).toEqual({ ...standard, price: 0, countries: ['DE'] });
    expect(options).toEqual([changed, worldwide]);
    const withoutThreshold = changeShippingOption([standard], 'standard', { freeOver: null }).changed;
    expect(withoutThreshold).not.toHaveProperty('freeOver');
    expect(changeShippingOption([standard], 'standard', { name: 'Standard+' }).changed.freeOver).toBe(5000);
  });

  it('answers 404 for an option the store does not have, changing or removing it', () => {
    expect(() => changeShippingOption([standard], 'express', { price: 1 })).toThrow(NotFoundError);
    expect(() => removeShippingOption([standard], 'express')).toThrow(NotFoundError);
    expect(removeShippingOption([standard, worldwide], 'standard')).toEqual([worldwide]);
  });
});

describe('tax rates', () => {
  it('sets a rate, replacing the country’s before, and keeps them sorted by country', () => {
    const rates = putTaxRate(putTaxRate([], { country: 'DE', rate: 1900 }), { country: 'AT', rate: 2000 });
    expect(rates).toEqual([
      { country: 'AT', rate: 2000 },
      { country: 'DE', rate: 1900 },
    ]);
    expect(putTaxRate(rates, { country: 'DE', rate: 700 })).toEqual([
      { country: 'AT', rate: 2000 },
      { country: 'DE', rate: 700 },
    ]);
    expect(
      sortedTaxRates([
        { country: 'US', rate: 0 },
        { country: 'FR', rate: 2000 },
      ]).map((r) => r.country),
    ).toEqual(['FR', 'US']);
  });

  it('refuses a 251st country with a 409, but still replaces a rate it keeps', () => {
    const codes = Array.from({ length: 250 }, (_, index) => ({
      country: String.fromCharCode(65 + Math.floor(index / 26), 65 + (index % 26)),
      rate: 100,
    }));
    expect(() => putTaxRate(codes, { country: 'ZZ', rate: 1 })).toThrow(ConflictError);
    expect(putTaxRate(codes, { country: 'AA', rate: 1 }).find((r) => r.country === 'AA')?.rate).toBe(1);
  });

  it('removes a rate, and answers 404 for a country without one', () => {
    expect(removeTaxRate([{ country: 'DE', rate: 1900 }], 'DE')).toEqual([]);
    expect(() => removeTaxRate([{ country: 'DE', rate: 1900 }], 'FR')).toThrow(NotFoundError);
  });
});
