// Where the services' output goes when a person runs the shop: one file per service, and of it on the
// terminal only the errors, one line each (everything with `verbose`).
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readdirSync, rmSync, type WriteStream } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { errorFolder } from './log-lines.ts';

export interface ServiceLogsOptions {
  /** Absolute directory for the files; created, and emptied of the last run's `*.log` files. */
  dir: string;
  /** The terminal: error summaries and the platform's own problems (every line with `verbose`). */
  log: (line: string) => void;
  /** Every line also to `log`, prefixed with `[service]`, as it comes (`npm start -- --verbose`). */
  verbose?: boolean;
  /** The directory file names are shown relative to (default: the current one). */
  shownFrom?: string;
}

export interface ServiceLogs {
  /** The file a service's output goes to, as the terminal shows it (e.g. `.local/logs/orders.log`). */
  shownFileOf(service: string): string;
  /** Takes one service's raw output lines. */
  output(service: string): (line: string) => void;
  /** Something the platform noticed about a service (a poller's failure, its process exiting). */
  problem(service: string, text: string): void;
  /** Writes out what is pending and closes the files. */
  close(): Promise<void>;
}

/** Opens the log files of a run; see ServiceLogsOptions. */
export function serviceLogs(options: ServiceLogsOptions): ServiceLogs {
  mkdirSync(options.dir, { recursive: true });
  // A file left from the last run would pass for this one's; the files live until the next start.
  for (const entry of readdirSync(options.dir))
    if (entry.endsWith('.log')) rmSync(join(options.dir, entry), { force: true });
  const files = new Map<string, WriteStream>();
  let closed = false;
  const folders = new Map<string, ReturnType<typeof errorFolder>>();
  const shownFileOf = (service: string) => {
    const file = join(options.dir, `${service}.log`);
    const shown = relative(options.shownFrom ?? process.cwd(), file);
    return shown.startsWith('..') || isAbsolute(shown) ? file : shown;
  };
  const fileOf = (service: string) => {
    let file = files.get(service);
    if (!file) {
      file = createWriteStream(join(options.dir, `${service}.log`), { flags: 'a' });
      file.on('error', (error) => options.log(`✖ [${service}] cannot write its log: ${error.message}`));
      files.set(service, file);
    }
    return file;
  };
  const echo = (service: string, summary: string) =>
    options.log(`✖ [${service}] ${summary}  (${shownFileOf(service)})`);
  const folderOf = (service: string) => {
    let folder = folders.get(service);
    if (!folder) {
      folder = errorFolder((summary) => echo(service, summary));
      folders.set(service, folder);
    }
    return folder;
  };
  return {
    shownFileOf,
    output(service) {
      const file = fileOf(service);
      const folder = options.verbose ? undefined : folderOf(service);
      return (line) => {
        if (closed) return;
        file.write(`${line}\n`);
        if (options.verbose) options.log(`[${service}] ${line}`);
        else folder?.line(line);
      };
    },
    problem(service, text) {
      if (!closed) fileOf(service).write(`[local platform] ${text}\n`);
      echo(service, text);
    },
    async close() {
      closed = true;
      for (const folder of folders.values()) folder.flush();
      await Promise.all(
        [...files.values()].map(async (file) => {
          file.end();
          if (!file.closed) await once(file, 'close');
        }),
      );
      files.clear();
    },
  };
}
