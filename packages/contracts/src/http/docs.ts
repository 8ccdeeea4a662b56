import * as z from 'zod';

// The API's own description, served by the users service (which owns the shared HTTP API).

/** GET /openapi.json answer: an OpenAPI 3.1 document; left open, it is another standard's shape. */
export const openApiDocumentAnswer = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({
    title: z.string().max(200),
    version: z
      .string()
      .max(50)
      .regex(/^\d+\.\d+\.\d+$/),
  }),
  paths: z.record(z.string().max(200).regex(/^\//), z.looseObject({})),
});

/** GET /docs answer: a self-contained HTML page rendering the document. */
export const docsPageAnswer = z.string().max(100_000);
