// `node:http` for the bundles, by `require` (serverless.esbuild.yml `alias`). An ES-module import of
// node:http makes Node build its module facade, which reads every export, the lazy ones too, and those
// load undici and node:http2: 12-25 ms of CPU at each cold start for one constant (@middy/util's
// STATUS_CODES). `require` reads none of them; Lambda's runtime loads node:http the same way.
module.exports = process.getBuiltinModule('node:http');
