// What must never reach a log line or a trace, whoever wrote the message it sits in: providers name
// recipients in their errors (SES: "...failed the check in region US-EAST-1: someone@example.com"),
// and a token pasted into an error message is a credential in the log.
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A JWT or JWE: base64url JSON header (`{"` is `eyJ`), then 2 to 4 more dot-separated parts.
const JWT = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,4}/g;
// Whatever follows a Bearer scheme is a credential, JWT-shaped or not.
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

/** The text with email addresses and bearer or JWT-looking tokens replaced by `[email]` and `[token]`. */
export function redactSecrets(text: string): string {
  return text.replace(BEARER, '$1 [token]').replace(JWT, '[token]').replace(EMAIL, '[email]');
}

/**
 * A JSON replacer for the logger: every string of a log line (message, attributes, each error's message,
 * stack and causes, once the logger has turned them into plain objects) is redacted.
 */
export const redactingReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? redactSecrets(value) : value;

// Strings in place, a few levels down (SES errors repeat the message under `Error.Message`).
function redactFields(target: Record<string, unknown>, depth: number): void {
  for (const [key, value] of Object.entries(target)) {
    if (typeof value === 'string') target[key] = redactSecrets(value);
    else if (value instanceof Error) redactError(value, depth + 1);
    else if (depth < 3 && value && typeof value === 'object' && !Array.isArray(value))
      redactFields(value as Record<string, unknown>, depth + 1);
  }
}

/**
 * Redacts an error in place: its message, stack and other string fields, and its causes', keeping its
 * name, code and metadata, so whoever records it next (the X-Ray SDK, a log line) sees no address or token.
 */
export function redactError(error: unknown, depth = 0): void {
  if (!(error instanceof Error) || depth > 5) return;
  error.message = redactSecrets(error.message);
  if (typeof error.stack === 'string') error.stack = redactSecrets(error.stack);
  redactFields(error as unknown as Record<string, unknown>, depth);
  redactError(error.cause, depth + 1);
}
