/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is untyped JSON; the assertions below check its shape */
// The deployment files cannot run here (no Docker engine, no cluster), so this checks what can be
// checked: they parse, every service gets every variable it needs with the documented defaults, the
// images start the apps exactly as their `start` scripts do, and the Kubernetes manifests validate
// against the Kubernetes OpenAPI schemas (kubernetes-models' compiled validators, offline).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';
import { WORKER_ENV_VARS } from '../src/config';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(`${ROOT}${path}`, 'utf8');
const FLUSH_TIMEOUT_S = 5; // core-config's default shutdownTimeoutMs

// The API's contract, as agreed with apps/api (issue 8): it reads these besides SENTRY_*.
const API_REQUIRED = ['PORT', 'HOST', 'DATABASE_URL', 'REDIS_URL'];
const API_START_CONTRACT = 'node --import ./dist/instrument.js ./dist/server.js';
const WORKER_REQUIRED = ['REDIS_URL', 'METRICS_PORT'];
const SENTRY_VARS = ['SENTRY_DSN', 'SENTRY_ENVIRONMENT', 'SENTRY_RELEASE'];

function startScript(app: 'api' | 'worker'): string {
  const path = `apps/${app}/package.json`;
  // apps/api is built on its own branch; until it is merged here, its agreed start command stands in.
  if (app === 'api' && !existsSync(`${ROOT}${path}`)) return API_START_CONTRACT;
  return (JSON.parse(read(path)) as { scripts: { start: string } }).scripts.start;
}

/** Docker Compose's `${VAR:-default}` / `${VAR}` interpolation, enough for our file. */
function interpolate(value: unknown, env: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => env[name] || fallback || '');
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true });
  const envOf = (service: string, env: Record<string, string> = {}): Record<string, string> =>
    Object.fromEntries(Object.entries(compose.services[service].environment as Record<string, unknown>).map(([k, v]) => [k, interpolate(v, env)]));

  it('has api, worker, redis, and local-sentry behind an optional profile', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['api', 'worker', 'redis', 'local-sentry']));
    expect(compose.services['local-sentry'].profiles).toEqual(['local-sentry']);
    for (const name of ['api', 'worker', 'redis']) expect(compose.services[name].profiles).toBeUndefined();
  });

  it('wires SENTRY_DSN, SENTRY_ENVIRONMENT (default production) and SENTRY_RELEASE (default latest) into both services', () => {
    for (const service of ['api', 'worker']) {
      expect(envOf(service)).toMatchObject({ SENTRY_DSN: '', SENTRY_ENVIRONMENT: 'production', SENTRY_RELEASE: 'latest' });
      const set = envOf(service, { SENTRY_DSN: 'https://k@o1.ingest.sentry.io/2', SENTRY_ENVIRONMENT: 'staging', SENTRY_RELEASE: 'v1.2.3' });
      expect(set).toMatchObject({ SENTRY_DSN: 'https://k@o1.ingest.sentry.io/2', SENTRY_ENVIRONMENT: 'staging', SENTRY_RELEASE: 'v1.2.3' });
    }
  });

  it('gives every service the variables it needs, pointing at services that exist', () => {
    const api = envOf('api');
    const worker = envOf('worker');
    expect(Object.keys(api)).toEqual(expect.arrayContaining([...SENTRY_VARS, ...API_REQUIRED]));
    expect(Object.keys(worker)).toEqual(expect.arrayContaining([...SENTRY_VARS, ...WORKER_REQUIRED]));
    // No typo'd variable the worker would silently ignore.
    for (const name of Object.keys(worker)) expect([...SENTRY_VARS, ...WORKER_ENV_VARS]).toContain(name);
    for (const url of [api.REDIS_URL, worker.REDIS_URL, api.DATABASE_URL]) {
      expect(Object.keys(compose.services)).toContain(new URL(url!).hostname);
    }
    expect(api.HOST).toBe('0.0.0.0');
    // Health checks probe the ports the services listen on.
    expect(compose.services.api.healthcheck.test.join(' ')).toContain(`127.0.0.1:${api.PORT}/health`);
    expect(compose.services.worker.healthcheck.test.join(' ')).toContain(`127.0.0.1:${worker.METRICS_PORT}/health`);
    for (const service of ['api', 'worker']) expect(Object.keys(compose.services[service].depends_on)).toContain('redis');
  });

  it('gives SIGTERM time to drain and flush before SIGKILL', () => {
    for (const service of ['api', 'worker']) {
      const grace = Number(/^(\d+)s$/.exec(compose.services[service].stop_grace_period)![1]);
      expect(grace).toBeGreaterThan(FLUSH_TIMEOUT_S * 2);
    }
  });

  it('builds each service from its Dockerfile', () => {
    expect(compose.services.api.build).toMatchObject({ context: '.', dockerfile: 'apps/api/Dockerfile' });
    expect(compose.services.worker.build).toMatchObject({ context: '.', dockerfile: 'apps/worker/Dockerfile' });
    expect(existsSync(`${ROOT}${compose.services['local-sentry'].build.dockerfile}`)).toBe(true);
    // local-sentry runs its own CLI, reachable from the other containers.
    const bin = (JSON.parse(read('packages/local-sentry/package.json')) as { bin: Record<string, string> }).bin['local-sentry']!;
    const command = (compose.services['local-sentry'].command as string[]).join(' ');
    expect(command).toContain(`node packages/local-sentry/${bin.replace(/^\.\//, '')} start --host 0.0.0.0 --port 8000`);
  });
});

describe.each([
  ['api', '@causal-organism/api'],
  ['worker', '@causal-organism/worker'],
] as const)('apps/%s/Dockerfile', (app, pkg) => {
  const text = read(`apps/${app}/Dockerfile`);
  const stages = text.split('\n').filter((line) => line.startsWith('FROM '));
  const cmd = [...text.matchAll(/^CMD (.+)$/gm)].map((m) => JSON.parse(m[1]!) as string[]);

  it('is multi-stage: a pnpm build stage and a runtime stage that copies only what was deployed', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/ AS build$/);
    expect(text).toContain(`--filter=${pkg}...`);
    expect(text).toContain(`--filter=${pkg} deploy --prod /out`);
    expect(text).toMatch(/^COPY --from=build .* \/out \.\/$/m);
    const root = JSON.parse(read('package.json')) as { packageManager: string };
    expect(text).toContain(`npm install -g ${root.packageManager}`);
    expect(text).toMatch(/^USER node$/m);
  });

  it('starts with --import exactly as the app starts (its package.json start script)', () => {
    expect(cmd).toHaveLength(1);
    expect(cmd[0]!.join(' ')).toBe(startScript(app));
    expect(cmd[0]![1]).toBe('--import');
  });
});

describe('deploy/k8s', () => {
  const dir = `${ROOT}deploy/k8s/`;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const docs = files
    .filter((f) => f !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(`${dir}${file}`, 'utf8')).map((doc) => {
        expect(doc.errors).toEqual([]);
        return { file, manifest: doc.toJS() };
      }),
    );
  const find = (kind: string, name: string): any => docs.find((d) => d.manifest.kind === kind && d.manifest.metadata.name === name)?.manifest;

  async function validate(manifest: any): Promise<void> {
    const group = manifest.apiVersion as string;
    const models = ({ v1: coreV1, 'apps/v1': appsV1 } as unknown as Record<string, Record<string, new (data: unknown) => { validate(): void }>>)[group];
    const Model = models?.[manifest.kind];
    if (Model === undefined) throw new Error(`no schema for ${group} ${manifest.kind}: add its kubernetes-models module here`);
    await Promise.resolve();
    new Model(manifest).validate();
  }

  it('every manifest validates against the Kubernetes schema', async () => {
    expect(docs.length).toBeGreaterThanOrEqual(6);
    for (const { manifest } of docs) await validate(manifest);
  });

  it('the validator does reject a broken manifest', async () => {
    const broken = structuredClone(find('Deployment', 'worker'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'nine-four-six-four';
    await expect(validate(broken)).rejects.toThrow(/containerPort/);
    const noSelector = structuredClone(find('Deployment', 'api'));
    delete noSelector.spec.selector;
    await expect(validate(noSelector)).rejects.toThrow(/selector/);
  });

  it('kustomization lists every manifest', () => {
    const kustomization = parse(readFileSync(`${dir}kustomization.yaml`, 'utf8')) as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
  });

  it('the sentry-config Secret holds dsn and environment', () => {
    const secret = find('Secret', 'sentry-config');
    expect(Object.keys(secret.stringData).sort()).toEqual(['dsn', 'environment']);
  });

  describe.each([
    ['api', API_REQUIRED, 'http'],
    ['worker', WORKER_REQUIRED, 'metrics'],
  ] as const)('Deployment %s', (name, required, port) => {
    const deployment = find('Deployment', name);
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    const env = new Map<string, any>(container.env.map((e: any) => [e.name, e]));

    it('reads dsn and environment from the sentry-config Secret through secretKeyRef, and gets every variable it needs', () => {
      expect(env.get('SENTRY_DSN').valueFrom.secretKeyRef).toEqual({ name: 'sentry-config', key: 'dsn' });
      expect(env.get('SENTRY_ENVIRONMENT').valueFrom.secretKeyRef).toEqual({ name: 'sentry-config', key: 'environment' });
      for (const variable of [...SENTRY_VARS, ...required]) expect(env.has(variable)).toBe(true);
      if (name === 'worker') for (const variable of env.keys()) expect([...SENTRY_VARS, 'SENTRY_SPOOL_DIR', ...WORKER_ENV_VARS]).toContain(variable);
    });

    it('every secretKeyRef and configMapKeyRef points at a key that exists', () => {
      for (const entry of env.values()) {
        const ref = entry.valueFrom?.secretKeyRef ?? entry.valueFrom?.configMapKeyRef;
        if (ref === undefined) continue;
        const source = find(entry.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name);
        expect(source, `${ref.name} exists`).toBeDefined();
        expect(Object.keys(source.stringData ?? source.data)).toContain(ref.key);
      }
    });

    it('has readiness and liveness probes on a declared port, and its selector matches its pods', () => {
      const ports = container.ports.map((p: any) => p.name);
      expect(ports).toContain(port);
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(probe.httpGet.port).toBe(port);
        expect(probe.httpGet.path).toMatch(/^\/health/);
      }
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    });

    it('gives termination time for preStop, the drain and the flush', () => {
      const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + FLUSH_TIMEOUT_S + 10);
      // Where the SDK spools undelivered envelopes is writable under a read-only root filesystem.
      const spool = env.get('SENTRY_SPOOL_DIR').value;
      expect(container.volumeMounts.map((m: any) => m.mountPath)).toContain(spool);
    });

    it('runs the image the Dockerfile builds', () => {
      expect(container.image).toMatch(new RegExp(`^causal-organism/${name}:`));
    });
  });
});

describe('docs/deployment.md', () => {
  const doc = read('docs/deployment.md');
  const blocks = (lang: string): string[] => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

  it('its YAML snippets are what the manifests say', () => {
    const worker = parseAllDocuments(read('deploy/k8s/worker.yaml'))[0]!.toJS().spec.template.spec.containers[0].env as unknown[];
    const snippets = blocks('yaml');
    expect(snippets.length).toBeGreaterThan(0);
    for (const snippet of snippets) {
      for (const entry of parse(snippet) as unknown[]) expect(worker).toContainEqual(entry);
    }
  });

  it('its commands name files and services that exist', () => {
    const commands = blocks('sh').join('\n');
    for (const [, path] of commands.matchAll(/-f (\S+Dockerfile)/g)) expect(existsSync(`${ROOT}${path}`)).toBe(true);
    expect(commands).toContain('--profile local-sentry');
    expect(commands).toContain('kubectl create secret generic sentry-config');
    expect(commands).toMatch(/--from-literal=dsn=.*\n.*--from-literal=environment=/);
  });
});
