/**
 * How API Gateway writes each `$context` variable into an HTTP API access log line, for checking that
 * a format stays JSON whatever a request brings:
 * - `quoted`: free text that API Gateway writes already JSON-quoted (so the format must not quote it);
 * - `token`: values that cannot hold a quote, a backslash or a control character (ids, numbers,
 *   timestamps, addresses, route keys, HTTP method tokens, enum names), to be quoted by the format;
 * - `free`: unescaped free text (error messages): never allowed in a JSON line.
 * A variable not listed here fails the check, so a new one is classified before it is used.
 */
export const accessLogVariables: Readonly<Record<string, 'quoted' | 'token' | 'free'>> = {
  'context.requestId': 'token',
  'context.extendedRequestId': 'token',
  'context.identity.sourceIp': 'token',
  'context.requestTime': 'token',
  'context.requestTimeEpoch': 'token',
  'context.httpMethod': 'token',
  'context.routeKey': 'token',
  'context.status': 'token',
  'context.protocol': 'token',
  'context.responseLength': 'token',
  'context.responseLatency': 'token',
  'context.integrationLatency': 'token',
  'context.integrationStatus': 'token',
  'context.integration.status': 'token',
  'context.integration.integrationStatus': 'token',
  'context.error.responseType': 'token',
  'context.error.messageString': 'quoted',
  'context.error.message': 'free',
  'context.integrationErrorMessage': 'free',
  'context.integration.error': 'free',
  'context.authorizer.error': 'free',
};

const variable = /\$(context(?:\.[A-Za-z0-9]+)+)/g;

/** What is wrong with an access log format: free text, unknown variables, a quoted variable in quotes. */
export function accessLogFindings(format: string): string[] {
  const findings: string[] = [];
  for (const match of format.matchAll(variable)) {
    const name = match[1] as string;
    const kind = accessLogVariables[name];
    const quotedInFormat = format[(match.index ?? 0) - 1] === '"';
    if (!kind) findings.push(`$${name} is not classified in accessLogVariables`);
    else if (kind === 'free')
      findings.push(`$${name} is unescaped free text: a quote in it breaks the JSON line`);
    else if (kind === 'quoted' && quotedInFormat)
      findings.push(`$${name} is written quoted already: quoting it again breaks the JSON line`);
    else if (kind === 'token' && !quotedInFormat) findings.push(`$${name} needs quotes around it`);
  }
  return findings;
}

/**
 * One log line as API Gateway would write it: each variable replaced by `values[name]` (a `quoted`
 * one JSON-quoted, as API Gateway does), or `-`, its stand-in for a value a request does not have.
 */
export function renderAccessLog(format: string, values: Record<string, string>): string {
  return format.replace(variable, (_match, name: string) => {
    const value = values[name] ?? '-';
    return accessLogVariables[name] === 'quoted' ? JSON.stringify(value) : value;
  });
}
