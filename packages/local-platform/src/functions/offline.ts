import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { localPreload, oslsBin } from '../osls/osls.ts';
import { type GroupProcess, spawnGroup } from '../processes.ts';

export interface OfflineService {
  name: string;
  httpPort: number;
  lambdaPort: number;
  process: GroupProcess;
  stop(): Promise<void>;
}

export interface OfflineOptions {
  root: string;
  name: string;
  /** Absolute service directory. */
  cwd: string;
  stage: string;
  httpPort: number;
  lambdaPort: number;
  /** serverless-offline opens the HTTP port only for services with HTTP events. */
  hasHttpRoutes: boolean;
  extraPorts: { websocketPort: number; albPort: number };
  params: string[];
  /** Emulator endpoint, region and fake keys: serverless-offline hands every `AWS_*` variable on. */
  env: Record<string, string>;
  /** JSON file of each function's template environment, read by the preload. */
  functionEnvironmentFile: string;
  /** Every line the service writes (serverless-offline's and the functions' own), as written. */
  output: (line: string) => void;
  /** Called if the process exits once it is ready, without `stop()` (a crash: its routes now answer 502). */
  onUnexpectedExit?: (code: number | string) => void;
  /** Bundle with serverless-esbuild as in AWS (slower start), instead of loading the TypeScript sources. */
  bundle?: boolean;
  timeoutMs?: number;
}

/** Starts `osls offline start` for one service in its own process group and waits until it listens. */
export async function startOffline(options: OfflineOptions): Promise<OfflineService> {
  const args = [
    '--import',
    localPreload,
    oslsBin(options.root),
    'offline',
    'start',
    '--stage',
    options.stage,
    '--host',
    '127.0.0.1',
    '--httpPort',
    String(options.httpPort),
    '--lambdaPort',
    String(options.lambdaPort),
    '--websocketPort',
    String(options.extraPorts.websocketPort),
    '--albPort',
    String(options.extraPorts.albPort),
    '--noPrependStageInUrl',
    ...options.params,
  ];
  const child = spawnGroup(process.execPath, args, {
    cwd: options.cwd,
    env: {
      ...process.env,
      ...options.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      SHOP_LOCAL_FUNCTION_ENVIRONMENT: options.functionEnvironmentFile,
      SHOP_LOCAL_WITHOUT_PLUGINS: options.bundle ? '' : 'serverless-esbuild',
      FORCE_COLOR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let recent = '';
  let failed: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  const forward = (line: string) => {
    recent = `${recent}${line}\n`.slice(-4000);
    // osls reports a failed command and can then linger (esbuild's service keeps it alive).
    if (/^Error:/.test(line))
      setTimeout(() => failed(new Error(`serverless-offline for ${options.name} failed:\n${recent}`)), 200);
    if (line.trim()) options.output(line);
  };
  // Whole lines only (a JSON log line can span chunks), decoded as UTF-8 across chunk boundaries.
  for (const stream of [child.child.stdout, child.child.stderr])
    if (stream) createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', forward);
  const exited = child.exited.then((code) => {
    throw new Error(
      `serverless-offline for ${options.name} exited (${code}) before it was ready:\n${recent}`,
    );
  });
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const ready = (async () => {
    for (const port of options.hasHttpRoutes
      ? [options.lambdaPort, options.httpPort]
      : [options.lambdaPort]) {
      while (!(await listening(port))) {
        if (Date.now() > deadline)
          throw new Error(`serverless-offline for ${options.name} did not start:\n${recent}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  })();
  try {
    await Promise.race([ready, exited, failure]);
  } catch (error) {
    await child.stop(0);
    throw error;
  }
  exited.catch(() => undefined);
  failure.catch(() => undefined);
  let stopping = false;
  void child.exited.then((code) => {
    if (!stopping) options.onUnexpectedExit?.(code);
  });
  return {
    name: options.name,
    httpPort: options.httpPort,
    lambdaPort: options.lambdaPort,
    process: child,
    stop: () => {
      stopping = true;
      return child.stop();
    },
  };
}

/** True once something accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
