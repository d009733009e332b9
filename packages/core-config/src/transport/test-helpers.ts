// Helpers for the transport's tests: a real build of the transport for child processes, temp
// directories, and a real HTTP front that answers 429 before passing requests to a receiver.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { build } from 'tsup';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '../..');

/**
 * Bundles `src/transport` into an ESM file inside the package's node_modules (so that `@sentry/*`
 * resolve from it), for child processes that cannot load TypeScript.
 */
export async function buildTransportBundle(): Promise<string> {
  const outDir = mkdtempSync(join(packageRoot, 'node_modules', '.transport-test-'));
  await build({
    entry: { transport: join(packageRoot, 'src/transport/index.ts') },
    format: ['esm'],
    outDir,
    platform: 'node',
    target: 'node20',
    dts: false,
    silent: true,
    config: false,
    external: [/^@sentry\//],
  });
  return join(outDir, 'transport.js');
}

export function removeBundle(bundle: string): void {
  rmSync(dirname(bundle), { recursive: true, force: true });
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'core-config-transport-'));
}

/** Stored envelope files in a store directory, including ones claimed by a sender right now. */
export function storedFiles(directory: string): string[] {
  return readdirSync(directory).filter((name) => name.endsWith('.envelope') || name.includes('.envelope.claimed-'));
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last line of stdout parsed as JSON, if it is JSON. */
  report: Record<string, unknown> | undefined;
}

/** Runs the restart fixture in a real child process. */
export function runChild(env: Record<string, string>, timeoutMs = 30_000): Promise<ChildResult> {
  return startChild(env, timeoutMs).result;
}

/** Starts the restart fixture in a real child process; `kill` ends it abruptly (SIGKILL). */
export function startChild(env: Record<string, string>, timeoutMs = 30_000): { result: Promise<ChildResult>; kill(): void } {
  const child = spawn(process.execPath, [join(here, 'fixtures/restart-child.mjs')], {
    cwd: packageRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = new Promise<ChildResult>((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      let report: Record<string, unknown> | undefined;
      try {
        report = JSON.parse(last) as Record<string, unknown>;
      } catch {
        report = undefined;
      }
      resolvePromise({ code, stdout, stderr, report });
    });
  });
  return { result, kill: () => void child.kill('SIGKILL') };
}

export interface RateLimitingFront {
  dsn: string;
  /** Times (ms since epoch) at which requests arrived, and what they were answered. */
  requests: Array<{ at: number; status: number }>;
  close(): Promise<void>;
}

/**
 * A real HTTP server in front of a receiver: the first `limitedRequests` requests get 429 with the
 * given headers, the rest are forwarded unchanged.
 */
export async function startRateLimitingFront(options: {
  receiverPort: number;
  limitedRequests: number;
  headers: Record<string, string>;
}): Promise<RateLimitingFront> {
  const requests: RateLimitingFront['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (requests.filter((r) => r.status === 429).length < options.limitedRequests) {
        requests.push({ at: Date.now(), status: 429 });
        res.writeHead(429, options.headers);
        res.end('{"detail":"rate limited"}');
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/x-sentry-envelope' };
      const encoding = req.headers['content-encoding'];
      if (typeof encoding === 'string') headers['content-encoding'] = encoding;
      fetch(`http://127.0.0.1:${options.receiverPort}${req.url ?? '/'}`, { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (answer) => {
          requests.push({ at: Date.now(), status: answer.status });
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(await answer.text());
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    dsn: `http://public@127.0.0.1:${port}/1`,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * Receivers and temp stores a test creates, released together after each test
 * (`afterEach(resources.release)`), last created first.
 */
export function testResources(): {
  receiver: (options?: { delayMs?: number; status?: number; port?: number }) => Promise<TestReceiver>;
  tempStore: () => string;
  onRelease: (cleanup: () => Promise<void> | void) => void;
  release: () => Promise<void>;
} {
  const cleanups: Array<() => Promise<void> | void> = [];
  return {
    receiver: async (options) => {
      const r = await startTestReceiver(options);
      cleanups.push(() => r.close());
      return r;
    },
    tempStore: () => {
      const directory = makeTempDir();
      cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
      return directory;
    },
    onRelease: (cleanup) => void cleanups.push(cleanup),
    release: async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
}
