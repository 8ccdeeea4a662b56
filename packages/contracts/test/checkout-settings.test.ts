import { describe, expect, it } from 'vitest';
import { servesCountry, taxRateFor } from '../src/checkout-settings.ts';
import { isKnownCountry } from '../src/http/checkout-settings.ts';

describe('checkout settings', () => {
  it('knows countries by their ISO 3166-1 code, and no union or placeholder', () => {
    for (const code of ['DE', 'AT', 'US', 'GB', 'JP']) expect(isKnownCountry(code)).toBe(true);
    for (const code of ['XX', 'EU', 'UN', 'ZZ', 'de', 'DEU', '']) expect(isKnownCountry(code)).toBe(false);
  });

  it('serves a country listed, or every country with "*"', () => {
    const option = { shippingOptionId: 's', name: 'S', price: 0, estimatedDays: 1, countries: ['DE'] };
    expect(servesCountry(option, 'DE')).toBe(true);
    expect(servesCountry(option, 'AT')).toBe(false);
    expect(servesCountry({ ...option, countries: ['*'] }, 'AT')).toBe(true);
  });

  it("taxes a destination at the store's rate for it, else not at all", () => {
    const settings = { taxRates: [{ country: 'DE', rate: 1900 }] };
    expect(taxRateFor(settings, 'DE')).toBe(1900);
    expect(taxRateFor(settings, 'FR')).toBe(0);
    expect(taxRateFor({}, 'DE')).toBe(0);
  });
});
