// The lines `npm start` shows a person: start-up steps, one line per request, and a service's errors
// folded into one line each. Pure functions and a small state machine; where lines go is service-logs.ts.
import type { GatewayRequest } from '../gateway/gateway.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A start-up step as it finishes: time since the start, what happened, and how long it took. */
export function stepLine(sinceStartMs: number, text: string, tookMs?: number): string {
  return `${seconds(sinceStartMs).padStart(7)}  ${text}${tookMs === undefined ? '' : ` (${seconds(tookMs)})`}`;
}

/** What a stack got in the emulator, by kind: `3 tables, 1 topic, 2 queues`. */
export function resourceSummary(types: string[]): string {
  const counts = new Map<string, number>();
  for (const type of types) {
    // AWS::Cognito::UserPoolClient → "user pool client"
    const noun = (type.split('::').at(-1) ?? type).replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
    counts.set(noun, (counts.get(noun) ?? 0) + 1);
  }
  const plural = (noun: string) => (noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`);
  return (
    [...counts].map(([noun, count]) => `${count} ${count === 1 ? noun : plural(noun)}`).join(', ') ||
    'nothing'
  );
}

/**
 * One request as `npm start` shows it: `12:04:31 GET    /products?limit=… 200 12 ms`. A 5xx names
 * the log file of the service that answered it, where its error is.
 */
export function requestLine(request: GatewayRequest, options: { at?: Date; logFile?: string } = {}): string {
  const time = (options.at ?? new Date()).toTimeString().slice(0, 8);
  const status = request.status === undefined ? '---' : String(request.status);
  const line = `${time} ${request.method.padEnd(6)} ${request.path.padEnd(32)} ${status} ${String(request.ms).padStart(5)} ms`;
  if (request.status === undefined) return `${line}  (not answered: the caller hung up)`;
  if (request.status >= 500 && options.logFile) return `${line}  (see ${options.logFile})`;
  return line;
}

const longest = 240;
const shorten = (text: string) =>
  text.length > longest ? `${text.slice(0, longest - 1)}…` : text.replace(/\s+$/, '');

/** Levels of structured logs that report an error (Powertools: ERROR, CRITICAL; pino: 50, 60). */
const errorLevels = new Set(['error', 'critical', 'fatal', 'alert', 'emergency']);

/**
 * The one-line summary of a structured (JSON) log line at an error level, e.g.
 * `checkout: Unhandled error: TypeError: x is undefined`; undefined for any other line.
 */
export function structuredError(line: string): string | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  const level = entry.level;
  const isError =
    (typeof level === 'string' && errorLevels.has(level.toLowerCase())) ||
    (typeof level === 'number' && level >= 50);
  if (!isError) return undefined;
  const parts: string[] = [];
  if (typeof entry.message === 'string' && entry.message) parts.push(entry.message);
  else if (typeof entry.msg === 'string' && entry.msg) parts.push(entry.msg);
  const error = entry.error ?? entry.err;
  if (typeof error === 'string') parts.push(error);
  else if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    parts.push([name, message].filter((part) => typeof part === 'string' && part).join(': '));
  }
  // Powertools names the function `shop-orders-local-checkout`; the last part is the one a person knows.
  const fn = typeof entry.function_name === 'string' ? entry.function_name.replace(/^.*-local-/, '') : '';
  const summary = parts.filter(Boolean).join(': ') || 'error logged';
  return shorten(fn ? `${fn}: ${summary}` : summary);
}

/** serverless-offline's (osls's) error lines: `× Unhandled exception in handler 'checkout'.` */
const frameworkError = /^[×✖✗]\s+(.*)$/;
/** A JavaScript error's first line: `TypeError: x is undefined`, `Error [ERR_X]: ...`. */
const errorHeadline = /^(?:Uncaught )?(?:[A-Z]\w*)?(?:Error|Exception)(?: \[[\w-]+\])?: \S/;
/** What follows an error and adds nothing to its one line: stack frames, osls's footer, a bare `Error:`. */
const errorContinuation =
  /^(?:\s+at\s|\s+\.\.\. \d+ more|\s*\^+\s*$|(?:Environment|Docs|Support|Bugs|Issues):\s|(?:[A-Z]\w*)?Error:\s*$|\s*\{?\s*$|\s+\w+: )/;

/**
 * Folds a service's raw output into one line per error: an error-level JSON log line is one error;
 * serverless-offline's `×` lines, the error's own first line and its stack trace are one more.
 * `emit` gets each summary; lines that are not part of an error are ignored (they go to the log file).
 * A folded error is emitted at the first line that is not part of it, or `settleMs` after its last one.
 */
export function errorFolder(emit: (summary: string) => void, settleMs = 100) {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const summary = pending.map((part) => part.replace(/\.$/, '')).join(': ');
    pending = [];
    emit(shorten(summary));
  };
  const add = (text: string) => {
    const part = text.trim();
    // serverless-offline repeats the message after the error's own line; keep it once.
    if (part && !pending.some((earlier) => earlier.includes(part.replace(/\.$/, '')))) pending.push(part);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
    timer.unref();
  };
  return {
    line(line: string): void {
      const framework = frameworkError.exec(line);
      if (framework || errorHeadline.test(line)) {
        add(framework ? (framework[1] as string) : line);
        return;
      }
      if (pending.length > 0 && errorContinuation.test(line)) return;
      flush();
      const structured = structuredError(line);
      if (structured) emit(structured);
    },
    /** Emits what is pending now (at the end of the output). */
    flush,
  };
}
