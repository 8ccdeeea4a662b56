import { brotliDecompressSync } from 'node:zlib';
import { compressedDocument } from '@shop/openapi/compressed';
import { docsPage } from '@shop/openapi/docs-page';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// Built once per container: the document is generated from the handlers' zod schemas at build time
// (`npm run openapi`, kept in step by the openapi and ops tests) and bundled brotli-compressed (a
// fifth of the bytes; unpacking it takes about a millisecond).
const documentBody = brotliDecompressSync(Buffer.from(compressedDocument, 'base64')).toString('utf8');
const pageBody = docsPage('openapi.json');
const common = {
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=300',
  'X-Content-Type-Options': 'nosniff',
};

/** GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (a self-contained page rendering it); public. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  event.rawPath.endsWith('/docs')
    ? {
        statusCode: 200,
        headers: {
          ...common,
          'Content-Type': 'text/html; charset=utf-8',
          // The page's own inline script and style, and fetches to this origin; nothing else.
          'Content-Security-Policy':
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
        },
        body: pageBody,
      }
    : { statusCode: 200, headers: { ...common, 'Content-Type': 'application/json' }, body: documentBody };
