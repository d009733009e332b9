// Real database servers for tests. They run Debian's own binaries on 127.0.0.1, on a free port,
// with data in a temp dir that stop() removes. PostgreSQL refuses to run as root, so when we are
// root the cluster belongs to the unprivileged `postgres` user (created by the Debian package).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : join(root, versions[0], 'bin');
}

function which(cmd) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, cmd)));
}

export function servicesAvailable() {
  return { postgres: postgresBin() !== undefined, redis: which('redis-server') };
}

function lookupUser(name) {
  // uid/gid of the postgres account, read from /etc/passwd (no extra dependency).
  return run('id', ['-u', name]).then(async ({ stdout }) => ({
    uid: Number(stdout.trim()),
    gid: Number((await run('id', ['-g', name])).stdout.trim()),
  }));
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`test-services: nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startPostgres({ password = randomBytes(12).toString('hex') } = {}) {
  const bin = postgresBin();
  if (bin === undefined) {
    throw new Error('test-services: PostgreSQL is not installed; run `apt-get update && apt-get install -y postgresql`');
  }
  const dir = mkdtempSync(join(tmpdir(), 'co-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  const asUser = {};
  if (process.getuid?.() === 0) {
    const { uid, gid } = await lookupUser('postgres');
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
    Object.assign(asUser, { uid, gid });
  }
  const opts = { ...asUser, env: { ...process.env, LC_ALL: 'C' } };
  let port;
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync'], opts);
    port = await freePort();
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await run(join(bin, 'pg_ctl'), ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', '-t', '30', 'start'], opts);
  } catch (error) {
    // Leave nothing behind: a half-started server is stopped and its directory removed.
    await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], opts).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`test-services: PostgreSQL did not start: ${error.stderr || error.message}`, { cause: error });
  }
  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database: 'postgres',
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], opts).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startRedis({ password } = {}) {
  if (!which('redis-server')) {
    throw new Error('test-services: redis-server is not installed; run `apt-get update && apt-get install -y redis-server`');
  }
  const dir = mkdtempSync(join(tmpdir(), 'co-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  if (password !== undefined) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await Promise.race([
      waitForPort(port, 10_000),
      exited.then((code) => {
        throw new Error(`test-services: redis-server exited with ${code} before listening`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    ...(password === undefined ? {} : { password }),
    url: password === undefined ? `redis://127.0.0.1:${port}` : `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
