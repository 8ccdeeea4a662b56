import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Credentials and region that every AWS client uses against the emulator; never real ones. */
export const emulatorEnvironment = (endpoint: string): Record<string, string> => ({
  AWS_ENDPOINT_URL: endpoint,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  // moto answers for this fixed account id.
  AWS_ACCOUNT_ID: '123456789012',
});

export interface RunningEmulator {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts moto in server mode on 127.0.0.1 and resolves once it answers. */
export async function startEmulator(
  options: {
    port?: number;
    timeoutMs?: number;
    /**
     * Its own process group, so a Ctrl-C at the terminal reaches only the caller, which then stops
     * the emulator last, after everything that calls it (default: the caller's group).
     */
    detached?: boolean;
  } = {},
): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  // moto-server.py wraps moto's own server (see why there); MOTO_PYTHON picks the Python that has moto.
  const launcher = fileURLToPath(new URL('./moto-server.py', import.meta.url));
  const child = spawn(
    process.env.MOTO_PYTHON ?? 'python3',
    [launcher, '-H', '127.0.0.1', '-p', String(port)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: options.detached ?? false,
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`the emulator could not start (pip install "moto[server]"): ${error.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`moto_server exited with code ${code}:\n${stderr}`)));
  });
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const ready = (async () => {
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${endpoint}/moto-api/`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`moto_server did not answer on ${endpoint} in time`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  exited.catch(() => undefined);
  return {
    endpoint,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
