import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBundles } from './bundles.ts';

// Targets from the proof issue; the table says where each figure stands against them.
const MAX_BUNDLE_BYTES = 250 * 1024;
const MAX_INIT_RATIO = 1.5;

const started = new Date().toISOString();
const bundles = await measureBundles();

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`\nBundles and cold init (median of 7 fresh Node ${process.version} processes)`);
console.log(
  `baseline hello-world: ${kb(bundles.baseline.bytes)}, init ${bundles.baseline.initMs.toFixed(1)} ms\n`,
);
console.table(
  bundles.functions.map((figure) => ({
    function: `${figure.service}/${figure.functionName}`,
    size: kb(figure.bytes),
    'init ms': figure.initMs.toFixed(1),
    'init / hello': `${figure.initRatio.toFixed(2)}x`,
    'size ok': figure.bytes <= MAX_BUNDLE_BYTES ? 'yes' : 'NO',
    'init ok': figure.initRatio <= MAX_INIT_RATIO ? 'yes' : 'NO',
  })),
);

const results = {
  measuredAt: started,
  node: process.version,
  targets: { maxBundleBytes: MAX_BUNDLE_BYTES, maxInitRatio: MAX_INIT_RATIO },
  bundles,
};
mkdirSync(import.meta.dirname, { recursive: true });
writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten: bench/results.json`);
