// `npm start`: the whole shop on loopback. The logic lives in @shop/local-platform (startLocalShop).
// What a person sees: each start-up step as it finishes, one banner, then one line per request and
// every error in one line. The services' own output goes to one file each in .local/logs/ (kept after
// Ctrl-C, replaced at the next start); `npm start -- --verbose` or SHOP_VERBOSE=1 streams it here too.
import { join } from 'node:path';
import { styleText } from 'node:util';
import { type LocalShop, requestLine, startLocalShop, stepLine } from '@shop/local-platform';
import { type RunningWeb, startWeb } from '@shop/web/local';

const logDir = join('.local', 'logs');
const verbose = process.argv.includes('--verbose') || process.env.SHOP_VERBOSE === '1';
// Step times count from this process's start, so the last one is the wait a person sees.
const startedAt = performance.timeOrigin;
const sinceStart = () => Date.now() - startedAt;

/** Errors in red on stderr (colours only on a terminal that wants them), the rest on stdout. */
const print = (line: string) => {
  if (line.startsWith('✖')) console.error(styleText('red', line, { stream: process.stderr }));
  else console.log(line);
};

const controller = new AbortController();
let shop: LocalShop | undefined;
let web: RunningWeb | undefined;
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  const from = Date.now();
  print(`\n${signal}: stopping the local shop...`);
  // Before ready, aborting stops what has started; after, stop() does.
  controller.abort();
  await web?.stop();
  await shop?.stop();
  print(`stopped (${((Date.now() - from) / 1000).toFixed(1)} s); the services' logs stay in ${logDir}/`);
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

print(`Starting the local shop${verbose ? ' (verbose: the services write here too)' : ''}...`);
try {
  shop = await startLocalShop({
    signal: controller.signal,
    log: print,
    logDir,
    verbose,
    startedAt,
    onRequest: (request) => {
      const logFile = request.service
        ? (shop?.logFiles[request.service] ?? join(logDir, `${request.service}.log`))
        : undefined;
      const line = requestLine(request, logFile ? { logFile } : {});
      print(request.status !== undefined && request.status >= 500 ? `✖ ${line}` : line);
    },
  });
} catch (error) {
  if (!stopping) {
    print(`✖ the local shop did not start: ${(error as Error).stack ?? error}`);
    print(`  the services' logs: ${logDir}/`);
    process.exit(1);
  }
}
if (shop && !stopping) {
  // The storefront beside the API: built once per run, served on WEB_PORT (default 5173, 0 = free).
  const port = Number(process.env.WEB_PORT ?? 5173);
  const from = Date.now();
  // startWeb's one line is its build time, which this step's line says.
  web = await startWeb({ apiBaseUrl: shop.baseUrl, port, log: () => undefined }).catch(
    async (error: Error) => {
      print(`✖ the storefront did not start: ${error.message}`);
      await shop?.stop();
      process.exit(1);
    },
  );
  print(stepLine(sinceStart(), `storefront built and served on ${web.url}`, Date.now() - from));
}
if (shop && web && !stopping) {
  const services = [...new Set(shop.routes.map((route) => route.service))];
  // The users seed creates the admin with this password (LOCAL_ADMIN_PASSWORD, default Admin-pass-1).
  const admin = shop.seeded.users
    ? `admin@example.com / ${process.env.LOCAL_ADMIN_PASSWORD ?? 'Admin-pass-1'}   (LOCAL_ADMIN_PASSWORD to change)`
    : 'none (the users service was not seeded)';
  // The stores seed reports one line per store (`store berlin: Berlin Shop, EUR, DE, tax included`).
  const stores = (shop.seeded.stores ?? []).map((line) => line.replace(/^store /, ''));
  const rule = '─'.repeat(78);
  print(
    [
      rule,
      `  The shop is ready in ${(sinceStart() / 1000).toFixed(1)} s. Ctrl-C stops everything.`,
      '',
      `  Storefront     ${web.url}`,
      `  API base URL   ${shop.baseUrl}   (${shop.routes.length} routes: ${services.join(', ')})`,
      `  API docs       ${shop.baseUrl}/docs`,
      `  Admin          ${admin}`,
      ...stores.map((line, index) => `  ${index === 0 ? 'Stores        ' : '              '} ${line}`),
      ...(stores.length > 0 ? ['                 (X-Store-Id picks one; none: main)'] : []),
      `  Logs           ${logDir}/<service>.log, kept after Ctrl-C${verbose ? '' : ' (npm start -- --verbose: here too)'}`,
      `  AWS emulator   ${shop.emulatorEndpoint}`,
      rule,
    ].join('\n'),
  );
}
