/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's event JSON loosely, as a client would */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The app directory: the api is started from here exactly as production starts it. */
export const appDir = fileURLToPath(new URL('..', import.meta.url));

export interface RunningApi {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts `node --import ./dist/instrument.js ./dist/server.js` with PORT=0 and waits for `{"listening": <port>}`. */
export function startApi(env: Record<string, string>): Promise<RunningApi> {
  const child = spawn(process.execPath, ['--import', './dist/instrument.js', './dist/server.js'], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', SENTRY_ENVIRONMENT: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api did not start within 45 s:\n${out}`)), 45_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /\{"listening":(\d+)\}/.exec(out);
      if (match) {
        clearTimeout(timer);
        const port = Number(match[1]);
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          child,
          output: () => out,
          exited,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`api exited with ${code} before listening:\n${out}`));
    });
  });
}

/** The in-app frames of an event's first exception (the api's own code in dist/). */
export function inAppFrames(event: any): any[] {
  const values: any[] = event.exception?.values ?? [];
  return values.flatMap((v) => v.stacktrace?.frames ?? []).filter((f: any) => f.in_app === true);
}

/** The Prometheus counter `sentry_errors_total` by outcome, summed over levels. */
export async function scrapeErrorCounts(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^sentry_errors_total\{([^}]*)\} (\d+(?:\.\d+)?)$/gm)) {
    const outcome = /outcome="([^"]+)"/.exec(match[1]!)?.[1] ?? 'unknown';
    counts[outcome] = (counts[outcome] ?? 0) + Number(match[2]);
  }
  return counts;
}
