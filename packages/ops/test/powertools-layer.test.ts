import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundleFunction, externalImportsOf, functionEntries } from '../../../bench/bundles.ts';
import { externalImportFinding, installedPackage, readPowertoolsLayer } from '../src/powertools-layer.ts';
import { repositoryRoot } from '../src/templates.ts';

const layer = readPowertoolsLayer();

// Every function bundled as deployed (serverless.esbuild.yml), with what it leaves external.
let externals: Map<string, string[]>;
beforeAll(async () => {
  externals = new Map();
  for (const item of functionEntries()) {
    const { metafile } = await bundleFunction(item, 'layer-check');
    externals.set(`${item.service}/${item.functionName}`, externalImportsOf(metafile));
  }
}, 180_000);

describe('the Powertools layer', () => {
  it('ships every import a bundle leaves external (beside Node and the AWS SDK), at the installed version', () => {
    const findings = [...externals].flatMap(([fn, paths]) =>
      paths
        .map((path) => externalImportFinding(path, layer))
        .flatMap((finding) => (finding ? [`${fn}: ${finding}`] : [])),
    );
    expect(findings).toEqual([]);
    // The bundles do leave Powertools to the layer (a check of no import would pass vacuously).
    expect([...externals.values()].flat()).toContain('@aws-lambda-powertools/logger');
    expect(externals.size).toBeGreaterThan(30);
  });

  it('refuses a package the layer does not ship, another version, or a subpath not exported', () => {
    const installed = () => ({ version: layer.version, exports: ['.', './middleware'] });
    expect(externalImportFinding('@aws-lambda-powertools/event-handler', layer, installed)).toMatch(
      /neither the runtime nor the Powertools layer/,
    );
    expect(externalImportFinding('zod', layer, installed)).toMatch(/ships zod/);
    expect(
      externalImportFinding('@aws-lambda-powertools/logger', layer, () => ({
        version: '2.34.0',
        exports: ['.'],
      })),
    ).toMatch(/2\.34\.0 is installed/);
    expect(externalImportFinding('@aws-lambda-powertools/logger/nowhere', layer, installed)).toMatch(
      /exports no \.\/nowhere/,
    );
    expect(
      externalImportFinding('@aws-lambda-powertools/logger/middleware', layer, installed),
    ).toBeUndefined();
    expect(externalImportFinding('node:fs', layer, installed)).toBeUndefined();
    expect(externalImportFinding('@aws-sdk/client-sqs', layer, installed)).toBeUndefined();
  });

  it('is the installed version everywhere: every workspace pins it, and the stage param names it', () => {
    for (const name of layer.packages.filter((item) => installedPackage(item)))
      expect(installedPackage(name)?.version, name).toBe(layer.version);
    const pinned = ['aws', 'events'].flatMap((workspace) => {
      const manifest = JSON.parse(
        readFileSync(join(repositoryRoot, 'packages', workspace, 'package.json'), 'utf8'),
      );
      return Object.entries(manifest.dependencies as Record<string, string>).filter(([name]) =>
        name.startsWith('@aws-lambda-powertools/'),
      );
    });
    expect(pinned.length).toBeGreaterThan(0);
    for (const [name, version] of pinned) expect(version, name).toBe(layer.version);
    expect(layer.ssmParameter).toBe(`/aws/service/powertools/typescript/generic/all/${layer.version}`);
    const stages = parse(readFileSync(join(repositoryRoot, 'stages.yml'), 'utf8'), { merge: true });
    expect(stages.prod.powertoolsLayerParameter).toBe(layer.ssmParameter);
  });
});
