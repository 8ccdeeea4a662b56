import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

// A bundle's frame in a stack: `file:///var/task/src/handlers/cart/checkout.mjs:1:2345` (or a plain path).
const FRAME = /((?:file:\/\/)?\/[^\s()]+?\.m?js):(\d+):(\d+)/g;

// One source map per bundle file, read on the first stack that names it (null: it has none).
const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map !== undefined) return map;
  map = null;
  try {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    // serverless-esbuild's `sourcemap: linked` writes `<bundle>.mjs.map` beside each bundle.
    if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
  } catch {
    map = null; // An unreadable map leaves the frame as it is; a log line must never fail for it.
  }
  maps.set(file, map);
  return map;
}

/**
 * The stack with each frame of a bundled file named by its TypeScript source and line
 * (`src/handlers/cart/checkout.ts:42:11`), from the source map beside the bundle. This is what
 * `--enable-source-maps` gives, paid only when a stack is logged: that flag makes Node read and parse
 * every bundle's map at each cold start (measured in bench/README.md), for the rare request that fails.
 */
export function sourceMappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack; // Node maps the frames itself.
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const origin = sourceMapOf(file)?.findOrigin(Number(line), Number(column));
    if (!origin || !('fileName' in origin)) return frame;
    const source = origin.fileName.replace(/^(?:\.\.?\/)+/, '');
    return `${source}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}
