// `npm start`: the whole shop on loopback. The logic lives in @shop/local-platform (startLocalShop).
import { type LocalShop, startLocalShop } from '@shop/local-platform';

const controller = new AbortController();
let shop: LocalShop | undefined;
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local shop...`);
  // Before ready, aborting stops what has started; after, stop() does.
  controller.abort();
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
if (shop) {
  const seeded = Object.entries(shop.seeded).flatMap(([service, lines]) =>
    lines.map((line) => `    ${service}: ${line}`),
  );
  const services = [...new Set(shop.routes.map((route) => route.service))];
  console.log(
    [
      '',
      '─'.repeat(78),
      `  Shop API (one base URL): ${shop.baseUrl}`,
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
