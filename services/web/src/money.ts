// Money is integer minor units beside an ISO 4217 currency; how many digits a unit has depends on it.

// Making an Intl.NumberFormat costs far more than using one, and a catalog page writes dozens of
// prices on every render: one formatter per locale and currency (undefined: that currency is unknown).
const formatters = new Map<string, Intl.NumberFormat | undefined>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat | undefined {
  const key = `${locale}\u0000${currency}`;
  if (formatters.has(key)) return formatters.get(key);
  let format: Intl.NumberFormat | undefined;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    format = undefined;
  }
  formatters.set(key, format);
  return format;
}

function fractionDigits(currency: string): number {
  return currencyFormat('en', currency)?.resolvedOptions().maximumFractionDigits ?? 2;
}

/** `1999, 'USD'` → `$19.99`. */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const digits = fractionDigits(currency);
  const major = minor / 10 ** digits;
  return currencyFormat(locale, currency)?.format(major) ?? `${major.toFixed(digits)} ${currency}`;
}

/** `'19.99', 'USD'` → `1999`; undefined for anything that is not a non-negative amount in that currency. */
export function parseMoney(input: string, currency: string): number | undefined {
  const digits = fractionDigits(currency);
  const text = input.trim().replace(/,/g, '');
  const pattern = digits > 0 ? new RegExp(`^\\d+(?:\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!pattern.test(text)) return undefined;
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** `1999, 'USD'` → `'19.99'`, for an input field. */
export function minorToInput(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  return digits > 0 ? (minor / 10 ** digits).toFixed(digits) : String(minor);
}
