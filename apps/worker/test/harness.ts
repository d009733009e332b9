import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The worker as a child process, started exactly as `pnpm start` starts it. */
export interface RunningWorker {
  child: ChildProcess;
  /** stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the `{"ready": true, "metricsPort": N}` line. */
  ready: Promise<{ ready: true; metricsPort: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout has `count` lines containing `text`. */
  waitForOutput(text: string, count?: number, timeoutMs?: number): Promise<void>;
  /** SIGKILL if still running (test cleanup). */
  kill(): Promise<void>;
}

/** Reads the `start` script of package.json, so the tests run what production runs. */
export async function startCommand(): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/);
}

export async function startWorker(env: Record<string, string>): Promise<RunningWorker> {
  const [command, ...args] = await startCommand();
  if (command !== 'node') throw new Error(`unexpected start script: ${command}`);
  const dirs = [mkdtempSync(join(tmpdir(), 'worker-spool-')), mkdtempSync(join(tmpdir(), 'worker-exports-'))];
  const child = spawn(process.execPath, args, {
    cwd: APP_DIR,
    // Only what the worker needs, so nothing from the developer's shell leaks into the test.
    env: { PATH: process.env.PATH ?? '', METRICS_HOST: '127.0.0.1', METRICS_PORT: '0',
      // A spool of its own: envelopes left by other processes must not be replayed into this test's receiver.
      SENTRY_SPOOL_DIR: dirs[0]!,
      EXPORT_DIR: dirs[1]!,
      ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const waitForOutput = async (text: string, count = 1, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (out.split('\n').filter((line) => line.includes(text)).length < count) {
      if (done) throw new Error(`worker exited before printing ${JSON.stringify(text)}\nstdout:\n${out}\nstderr:\n${err}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)} x${count}\nstdout:\n${out}\nstderr:\n${err}`);
      await sleep(50);
    }
  };
  const ready = waitForOutput('"ready":true').then(() => JSON.parse(out.split('\n').find((l) => l.includes('"ready":true'))!) as { ready: true; metricsPort: number });
  ready.catch(() => undefined);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    ready,
    exited,
    waitForOutput,
    kill: async () => {
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Polls until `check` returns a value that is not undefined. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

/** Parses Prometheus text into `name{labels}` -> value. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const index = line.lastIndexOf(' ');
    values.set(line.slice(0, index), Number(line.slice(index + 1)));
  }
  return values;
}
