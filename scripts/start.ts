// `npm start`: the whole shop on loopback. The logic lives in @shop/local-platform (startLocalShop).
import { type LocalShop, startLocalShop } from '@shop/local-platform';
import { type RunningWeb, startWeb } from '@shop/web/local';

const controller = new AbortController();
let shop: LocalShop | undefined;
let web: RunningWeb | undefined;
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local shop...`);
  // Before ready, aborting stops what has started; after, stop() does.
  controller.abort();
  await web?.stop();
  await shop?.stop();
  console.log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  shop = await startLocalShop({ signal: controller.signal });
} catch (error) {
  if (!stopping) {
    console.error(`\nlocal shop failed to start: ${(error as Error).stack ?? error}`);
    process.exit(1);
  }
}
if (shop && !stopping) {
  // The storefront beside the API: built once per run, served on WEB_PORT (default 5173, 0 = free).
  const port = Number(process.env.WEB_PORT ?? 5173);
  web = await startWeb({ apiBaseUrl: shop.baseUrl, port }).catch(async (error: Error) => {
    console.error(`\nstorefront failed to start: ${error.message}`);
    await shop?.stop();
    process.exit(1);
  });
}
if (shop && web) {
  const seeded = Object.entries(shop.seeded).flatMap(([service, lines]) =>
    lines.map((line) => `    ${service}: ${line}`),
  );
  const services = [...new Set(shop.routes.map((route) => route.service))];
  console.log(
    [
      '',
      '─'.repeat(78),
      `  Storefront:              ${web.url}`,
      `  Shop API (one base URL): ${shop.baseUrl}   (docs: ${shop.baseUrl}/docs)`,
      `  AWS emulator (moto):     ${shop.emulatorEndpoint}`,
      `  Routes:                  ${shop.routes.length} from ${services.join(', ') || 'no service'}`,
      '  Seeded:',
      ...(seeded.length > 0 ? seeded : ['    nothing (no service has seed/local.ts)']),
      '  Local admin: admin@example.com, password LOCAL_ADMIN_PASSWORD (default Admin-pass-1),',
      '               created by the users seed when it reports it above.',
      `  Ready in ${(shop.startupMs / 1000).toFixed(1)} s. Ctrl-C stops everything.`,
      '─'.repeat(78),
      '',
    ].join('\n'),
  );
}
