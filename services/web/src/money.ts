// Money is integer minor units beside an ISO 4217 currency; how many digits a unit has depends on it.

function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** `1999, 'USD'` → `$19.99`. */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const digits = fractionDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
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
