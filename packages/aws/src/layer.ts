import { createRequire } from 'node:module';

/**
 * Loads a package of the Powertools layer (or of the runtime) through its CommonJS build: `require`,
 * not `import`. Measured at cold start (bench/README.md): the logger and metrics cost ~21 ms of CPU as
 * the layer's ES modules (each of ~30 files resolved, read and linked as a module) and ~10 ms through
 * `require`. Resolved from the bundle's own directory, then NODE_PATH, which in Lambda holds the
 * layer's `/opt/nodejs/node_modules`; locally and in tests, from `node_modules`. Name each package in
 * a string literal, so `bench/bundles.ts` can list what a bundle loads this way and the layer test can
 * check the layer ships it.
 */
export const requireFromLayer = createRequire(import.meta.url);
