import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

export type ExpressFlavour = 'express' | 'express4';

export interface RunningApp {
  url: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts test/fixtures/app.mjs as a child process, the way production starts an app:
 * `node --import ./instrument.mjs app.mjs` (unless `withImport` is false).
 */
export async function startApp(options: { express: ExpressFlavour; dsn: string; withImport?: boolean; env?: Record<string, string> }): Promise<RunningApp> {
  const withImport = options.withImport ?? true;
  const args = withImport ? ['--import', './instrument.mjs', 'app.mjs'] : ['app.mjs'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: fixtures,
    env: {
      PATH: process.env.PATH,
      SENTRY_DSN: options.dsn,
      EXPRESS: options.express,
      ...(withImport ? {} : { INIT_IN_APP: '1' }),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`app did not start within 45 s: ${stderr}`)), 45_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /LISTENING (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}: ${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Waits a little so that an event that should NOT arrive would have arrived. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
