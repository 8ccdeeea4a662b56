// Live status of one order: asks the API again while the order can still change (pollDelay), and
// treats a 404 right after checkout as "not created yet" (API.md: the order is made from the
// checkout event, so for a moment it does not exist).
import { ApiError } from './api/problem.ts';
import type { Order } from './api/types.ts';
import { pollDelay } from './order-status.ts';

export interface TrackOrderOptions {
  load: () => Promise<Order>;
  /** Called with every answer, and with undefined while the order does not exist yet. */
  onUpdate: (order: Order | undefined) => void;
  signal: AbortSignal;
  /** How long a 404 counts as "not created yet". */
  notFoundGraceMs?: number;
  /** Wait between tries while the order does not exist yet. */
  notFoundDelayMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows an order until it is final or `signal` aborts. Rejects with the API's error, including a
 * 404 that outlasts the grace period.
 */
export async function trackOrder(options: TrackOrderOptions): Promise<Order | undefined> {
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const grace = options.notFoundGraceMs ?? 30_000;
  const started = now();
  let last: Order | undefined;
  while (!options.signal.aborted) {
    let delay: number | undefined;
    try {
      last = await options.load();
      if (options.signal.aborted) break;
      options.onUpdate(last);
      delay = pollDelay(last.status);
      if (delay === undefined) return last;
    } catch (error) {
      const notYet = error instanceof ApiError && error.status === 404 && !last && now() - started < grace;
      if (!notYet || options.signal.aborted) throw error;
      options.onUpdate(undefined);
      delay = options.notFoundDelayMs ?? 1_000;
    }
    await wait(delay, options.signal);
  }
  return last;
}
