import { describe, expect, it } from 'vitest';
import { accessLogFindings, renderAccessLog } from '../src/access-log.ts';

const hostile = 'He said "stop" \\ and left\n{"status":200}';

describe('an HTTP API access log format', () => {
  it('stays JSON with free text written only as $context.error.messageString, unquoted', () => {
    const format =
      '{"requestId":"$context.requestId","status":"$context.status","error":$context.error.messageString}';
    expect(accessLogFindings(format)).toEqual([]);
    expect(JSON.parse(renderAccessLog(format, { 'context.error.messageString': hostile }))).toEqual({
      requestId: '-',
      status: '-',
      error: hostile,
    });
  });

  it('is refused with unescaped error text, which breaks the line on a quote', () => {
    const format = '{"integrationError":"$context.integrationErrorMessage","error":"$context.error.message"}';
    expect(accessLogFindings(format)).toEqual([
      expect.stringMatching(/integrationErrorMessage is unescaped free text/),
      expect.stringMatching(/error.message is unescaped free text/),
    ]);
    // What API Gateway would write for an integration error with a quote in it: not JSON.
    expect(() =>
      JSON.parse(renderAccessLog(format, { 'context.integrationErrorMessage': hostile })),
    ).toThrow();
  });

  it('is refused with messageString quoted again, or a variable nobody classified', () => {
    expect(accessLogFindings('{"error":"$context.error.messageString"}')).toEqual([
      expect.stringMatching(/written quoted already/),
    ]);
    expect(() =>
      JSON.parse(
        renderAccessLog('{"error":"$context.error.messageString"}', { 'context.error.messageString': 'x' }),
      ),
    ).toThrow();
    expect(accessLogFindings('{"agent":"$context.identity.userAgent","status":$context.status}')).toEqual([
      expect.stringMatching(/userAgent is not classified/),
      expect.stringMatching(/status needs quotes/),
    ]);
  });
});
