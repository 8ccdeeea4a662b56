import * as z from 'zod/mini';

// The API's own description, served by the users service (which owns the shared HTTP API).

/** GET /openapi.json answer: an OpenAPI 3.1 document; left open, it is another standard's shape. */
export const openApiDocumentAnswer = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({
    title: z.string().check(z.maxLength(200)),
    version: z.string().check(z.maxLength(50), z.regex(/^\d+\.\d+\.\d+$/)),
  }),
  paths: z.record(z.string().check(z.maxLength(200), z.regex(/^\//)), z.looseObject({})),
});

/** GET /docs answer: a self-contained HTML page rendering the document. */
export const docsPageAnswer = z.string().check(z.maxLength(100_000));
