import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/** A child started in its own process group, so stopping it also stops everything it spawned. */
export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (or signal name) once the leader exits. */
  exited: Promise<number | string>;
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command` as the leader of a new process group (detached), never through a shell. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', () => resolve('error'));
  });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 3000) => {
    stopping ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      const timer = new Promise((resolve) => setTimeout(resolve, graceMs, 'timeout'));
      await Promise.race([exited, timer]);
      // Grandchildren (esbuild, worker helpers) may outlive the leader: always sweep the group.
      signalGroup(pid, 'SIGKILL');
      await exited;
      // Killed grandchildren are gone only once their new parent has reaped them: wait for that (briefly),
      // so a caller that checks the group right after sees what it will see later.
      for (let waited = 0; groupAlive(pid) && waited < 2000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
    })();
    return stopping;
  };
  return { child, pid, exited, stop };
}

/** Signals a whole process group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `task` over `items` with at most `limit` in flight, keeping their order in the result. Lane i
 * starts `rampMs * i` late: locally each concurrent Lambda instance is a new worker thread that loads
 * its handler cold, and starting many at once on a small machine times them out.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  rampMs = 0,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async (_, lane) => {
    if (lane > 0 && rampMs > 0) await new Promise((resolve) => setTimeout(resolve, lane * rampMs));
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
