// Child processes of the demo: started the way production starts them, their output prefixed,
// ready when they print their one-line JSON, stopped (SIGTERM, then SIGKILL) at the end.
import { spawn } from 'node:child_process';

/**
 * @param {{ name: string, cwd: string, args: string[], env: Record<string, string>, ready: (json: any) => boolean, quiet?: boolean }} spec
 */
export function startProcess(spec) {
  const child = spawn(process.execPath, spec.args, {
    cwd: spec.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  let readyJson;
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    child.once('exit', (code) => reject(new Error(`${spec.name} exited with ${code} before it was ready:\n${output.slice(-20).join('\n')}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const onLine = (line) => {
    output.push(line);
    if (output.length > 500) output.shift();
    if (readyJson === undefined && line.startsWith('{')) {
      try {
        const json = JSON.parse(line);
        if (spec.ready(json)) {
          readyJson = json;
          onReady(json);
        }
      } catch {
        // a log line that only looks like JSON
      }
    }
    if (!spec.quiet && process.env.DEMO_VERBOSE) process.stdout.write(`    ${spec.name} | ${line}\n`);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
  return {
    name: spec.name,
    child,
    ready,
    exited,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
