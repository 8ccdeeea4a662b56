// `npm run openapi`: writes openapi.json beside this package from the route list and its zod schemas.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './document.ts';

export const documentFile = fileURLToPath(new URL('../openapi.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(documentFile, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  // Committed in the repository's JSON style, so `npm run lint` stays clean.
  spawnSync('npx', ['biome', 'format', '--write', documentFile], { stdio: 'inherit' });
  console.log(`wrote ${documentFile}`);
}
