import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { repositoryRoot } from './templates.ts';

/** What the Powertools layer of one version ships (packages/ops/powertools-layer.json). */
export interface PowertoolsLayer {
  version: string;
  ssmParameter: string;
  packages: string[];
}

export const readPowertoolsLayer = (): PowertoolsLayer =>
  JSON.parse(readFileSync(join(repositoryRoot, 'packages', 'ops', 'powertools-layer.json'), 'utf8'));

/** An installed package's version and the subpaths it exports, as the bundles resolved it. */
export interface InstalledPackage {
  version: string;
  exports: string[];
}

/** The package as installed in the repository's node_modules, or undefined when it is not. */
export function installedPackage(name: string): InstalledPackage | undefined {
  try {
    // Where the bundles resolve it from (hoisted; its package.json is not among its exports).
    const manifest = JSON.parse(
      readFileSync(join(repositoryRoot, 'node_modules', name, 'package.json'), 'utf8'),
    );
    return { version: manifest.version, exports: Object.keys(manifest.exports ?? { '.': '' }) };
  } catch {
    return undefined;
  }
}

const packageName = (path: string) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Why an import a bundle leaves external would fail at a cold start in Lambda, or nothing: only Node's
 * own modules, the AWS SDK v3 (the runtime ships it) and the packages the Powertools layer ships, at
 * the layer's version (the installed one the code was tested with) and by a subpath they export.
 */
export function externalImportFinding(
  path: string,
  layer: PowertoolsLayer,
  installed: (name: string) => InstalledPackage | undefined = installedPackage,
): string | undefined {
  if (path.startsWith('node:') || builtinModules.includes(path)) return undefined;
  if (path.startsWith('@aws-sdk/')) return undefined;
  const name = packageName(path);
  if (!layer.packages.includes(name))
    return `${path}: neither the runtime nor the Powertools layer ${layer.version} ships ${name}`;
  const pkg = installed(name);
  if (!pkg) return `${path}: ${name} is not installed, so nothing tested it`;
  if (pkg.version !== layer.version)
    return `${path}: ${name} ${pkg.version} is installed, the layer ships ${layer.version}`;
  const subpath = `.${path.slice(name.length)}`;
  if (!pkg.exports.includes(subpath)) return `${path}: ${name} exports no ${subpath}`;
  return undefined;
}
