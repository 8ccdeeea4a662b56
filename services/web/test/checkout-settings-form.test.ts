import { describe, expect, it } from 'vitest';
import type { ShippingOption } from '../src/api/types.ts';
import {
  basisPointsToInput,
  blankShippingOption,
  countriesLabel,
  countriesToInput,
  countryLabel,
  fieldProblems,
  formatPercent,
  parseCountries,
  parseCountry,
  parsePercent,
  shippingOptionChanges,
  shippingOptionFieldsOf,
  shippingOptionToSend,
} from '../src/checkout-settings-form.ts';

const express: ShippingOption = {
  shippingOptionId: 'express',
  name: 'Express',
  price: 999,
  freeOver: 10000,
  estimatedDays: 1,
  countries: ['DE', 'AT'],
};

describe('a tax rate typed as a percent', () => {
  it.each([
    ['19', 1900],
    ['7.25', 725],
    ['19.5', 1950],
    ['19,5', 1950],
    ['0', 0],
    ['0.01', 1],
    ['100', 10_000],
    [' 19 % ', 1900],
    ['19%', 1900],
    ['8.1', 810],
  ])('reads %j as %i basis points', (input, basisPoints) => {
    expect(parsePercent(input)).toBe(basisPoints);
  });

  it.each(['', '%', '-1', '19.125', '100.01', '101', 'abc', '1e2', '19.', '.5', '1 9', '1,000'])(
    'refuses %j',
    (input) => {
      expect(parsePercent(input)).toBeUndefined();
    },
  );

  it('gives back every rate from 0 to 100 % exactly through the input field', () => {
    for (let basisPoints = 0; basisPoints <= 10_000; basisPoints += 1) {
      expect(parsePercent(basisPointsToInput(basisPoints))).toBe(basisPoints);
    }
  });

  it('writes a rate as a percent, with the locale’s decimal mark', () => {
    expect(basisPointsToInput(1900)).toBe('19');
    expect(basisPointsToInput(725)).toBe('7.25');
    expect(basisPointsToInput(1950)).toBe('19.5');
    expect(formatPercent(1900)).toBe('19\u00a0%');
    expect(formatPercent(725)).toBe('7.25\u00a0%');
    expect(formatPercent(725, 'de-DE')).toBe('7,25\u00a0%');
    expect(formatPercent(0)).toBe('0\u00a0%');
  });
});

describe('countries typed for a shipping option', () => {
  it('reads codes separated by commas or spaces, upper-cased and each once', () => {
    expect(parseCountries('DE, AT')).toEqual({ ok: true, countries: ['DE', 'AT'] });
    expect(parseCountries(' de at;ch, DE ')).toEqual({ ok: true, countries: ['DE', 'AT', 'CH'] });
  });

  it('reads "*" alone as every country', () => {
    expect(parseCountries(' * ')).toEqual({ ok: true, countries: ['*'] });
  });

  it('refuses nothing, "*" beside a country, and what is not two letters', () => {
    expect(parseCountries(' , ')).toMatchObject({ ok: false });
    expect(parseCountries('*, DE')).toEqual({ ok: false, problem: '* (every country) stands alone' });
    expect(parseCountries('DE, DEU, 1A')).toEqual({
      ok: false,
      problem: 'Not a two-letter country code: DEU, 1A',
    });
  });

  it('writes them back for the field and for the table', () => {
    expect(countriesToInput(['DE', 'AT'])).toBe('DE, AT');
    expect(countriesLabel(['DE', 'AT'])).toBe('DE, AT');
    expect(countriesLabel(['*'])).toBe('Every country');
  });

  it('reads one country for a tax rate, and names it', () => {
    expect(parseCountry(' de ')).toBe('DE');
    expect(parseCountry('DEU')).toBeUndefined();
    expect(parseCountry('*')).toBeUndefined();
    expect(countryLabel('DE')).toBe('Germany (DE)');
    expect(countryLabel('XX')).toBe('XX');
  });
});

describe('the shipping option form', () => {
  const typed = {
    name: ' Express ',
    price: '9.99',
    freeOver: '100',
    estimatedDays: '1',
    countries: 'de, at',
  };

  it('sends money as exact integer minor units of the store’s currency', () => {
    expect(shippingOptionToSend(typed, 'EUR')).toEqual({
      ok: true,
      body: { name: 'Express', price: 999, freeOver: 10000, estimatedDays: 1, countries: ['DE', 'AT'] },
    });
    expect(shippingOptionToSend({ ...typed, price: '0.29', freeOver: '' }, 'EUR')).toEqual({
      ok: true,
      body: { name: 'Express', price: 29, estimatedDays: 1, countries: ['DE', 'AT'] },
    });
    expect(shippingOptionToSend({ ...typed, price: '500', freeOver: '' }, 'JPY')).toMatchObject({
      ok: true,
      body: { price: 500 },
    });
  });

  it('says what is wrong with each field and sends nothing', () => {
    const checked = shippingOptionToSend(
      { name: ' ', price: '4.999', freeOver: 'lots', estimatedDays: '366', countries: '*, DE' },
      'EUR',
    );
    expect(checked.ok).toBe(false);
    expect(checked.ok ? {} : Object.keys(checked.problems).sort()).toEqual([
      'countries',
      'estimatedDays',
      'freeOver',
      'name',
      'price',
    ]);
    expect(shippingOptionToSend(blankShippingOption, 'EUR').ok).toBe(false);
    expect(shippingOptionToSend({ ...typed, estimatedDays: '1.5' }, 'EUR').ok).toBe(false);
  });

  it('refuses a decimal comma rather than read 4,99 as 499.00', () => {
    const checked = shippingOptionToSend({ ...typed, price: '4,99' }, 'EUR');
    expect(checked).toMatchObject({ ok: false, problems: { price: expect.stringContaining('4.99') } });
    expect(shippingOptionToSend({ ...typed, price: '1,000.50' }, 'EUR')).toMatchObject({
      ok: true,
      body: { price: 100050 },
    });
  });

  it('starts an edit from the option as it is, and sends nothing when nothing changed', () => {
    const fields = shippingOptionFieldsOf(express, 'EUR');
    expect(fields).toEqual({
      name: 'Express',
      price: '9.99',
      freeOver: '100.00',
      estimatedDays: '1',
      countries: 'DE, AT',
    });
    const checked = shippingOptionToSend(fields, 'EUR');
    expect(checked.ok && shippingOptionChanges(express, checked.body)).toEqual({});
    expect(shippingOptionChanges(express, { ...express, countries: ['AT', 'DE'] })).toEqual({});
  });

  it('sends only what changed, and removes a cleared free-from amount with null', () => {
    const { shippingOptionId: _id, ...same } = express;
    expect(shippingOptionChanges(express, { ...same, price: 1299 })).toEqual({ price: 1299 });
    const { freeOver: _free, ...withoutFreeOver } = same;
    expect(shippingOptionChanges(express, { ...withoutFreeOver, countries: ['*'] })).toEqual({
      freeOver: null,
      countries: ['*'],
    });
    const { freeOver: _none, ...neverFree } = express;
    expect(shippingOptionChanges(neverFree, { ...same, name: 'Overnight' })).toEqual({
      name: 'Overnight',
      freeOver: 10000,
    });
  });
});

describe('the API’s field errors beside the fields', () => {
  it('puts each error on its field, a country’s under countries named by the code sent', () => {
    const errors = [
      { field: 'price', message: 'Too big' },
      { field: 'countries.1', message: 'must be a known ISO 3166-1 alpha-2 country code, or "*"' },
      { field: 'countries', message: 'names a country twice' },
      { field: 'body', message: 'give at least one field to change' },
    ];
    expect(fieldProblems(errors, ['name', 'price', 'countries'], { countries: ['DE', 'XX'] })).toEqual({
      price: 'Too big',
      countries: 'XX: must be a known ISO 3166-1 alpha-2 country code, or "*"; names a country twice',
    });
  });

  it('names a tax rate’s path and body fields', () => {
    expect(
      fieldProblems(
        [
          { field: 'country', message: 'must be a known ISO 3166-1 country' },
          { field: 'rate', message: 'Too big' },
        ],
        ['country', 'rate'],
      ),
    ).toEqual({ country: 'must be a known ISO 3166-1 country', rate: 'Too big' });
  });
});
