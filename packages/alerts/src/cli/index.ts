import { parseArgs } from 'node:util';
import { SentryApiError, StatsClientConfigError } from '@causal-organism/stats-client';
import { AlertsError } from '../errors';
import { loadAlertDefinitions } from '../load';
import { createAlertsProvisioner } from '../provisioner';
import type { ProvisionPlan, RetentionReport } from '../types';

/** Where the CLI writes. */
export interface AlertsCliStream {
  write(text: string): unknown;
}

/** Inputs of {@link runAlertsCli}; the bin passes `process.argv.slice(2)` and `process.env`. */
export interface RunAlertsCliOptions {
  argv: readonly string[];
  /** SENTRY_AUTH_TOKEN (alerts:write, project:write), SENTRY_ORG, SENTRY_PROJECT, SENTRY_API_URL. */
  env: Readonly<Record<string, string | undefined>>;
  stdout: AlertsCliStream;
  stderr: AlertsCliStream;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

const USAGE = `Usage: sentry-alerts <plan|apply|retention> [--file alerts.config.json] [--driver workflows|legacy] [--json]

  plan       show what apply would create or update (reads only)
  apply      create or update rules by name; never deletes; running it twice changes nothing
  retention  report the event retention that can be seen, and how to set it

Environment: SENTRY_AUTH_TOKEN (alerts:write, project:write, org:read), SENTRY_ORG, SENTRY_PROJECT,
SENTRY_API_URL (default https://sentry.io).
`;

const SIGN = { create: '+', update: '~', unchanged: '=' } as const;

/** Human-readable plan, one line per resource, like `terraform plan`. */
export function formatPlan(plan: ProvisionPlan, verb: 'would' | 'did'): string {
  const lines = plan.changes.map((c) => {
    const what = `${SIGN[c.action]} ${c.action.padEnd(9)} ${c.resource} "${c.name}"${c.id && !c.id.startsWith('<') ? ` (id ${c.id})` : ''}`;
    return c.action === 'update' ? `${what}\n      changed: ${c.changes.join(', ')}` : what;
  });
  const count = (a: string): number => plan.changes.filter((c) => c.action === a).length;
  lines.push('', `${plan.org}/${plan.project} via ${plan.driver}: ${verb === 'would' ? 'would create' : 'created'} ${count('create')}, ${verb === 'would' ? 'update' : 'updated'} ${count('update')}, ${count('unchanged')} unchanged.`);
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  if (plan.unmanaged.length > 0) lines.push(`not in the definitions (left alone): ${plan.unmanaged.map((n) => `"${n}"`).join(', ')}`);
  return lines.join('\n');
}

function formatRetention(r: RetentionReport): string {
  return [
    `required retention: ${r.requiredDays} days`,
    `query ${r.requiredDays} days back: ${r.queryAccepted ? 'accepted' : `refused (${r.detail ?? 'no detail'})`}`,
    `oldest stored error within that range: ${r.oldestDataAt ?? 'none'}`,
    r.note,
  ].join('\n');
}

/** Runs `sentry-alerts` and resolves to the exit code (0 ok, 1 Sentry error, 2 usage or definitions error). */
export async function runAlertsCli(options: RunAlertsCliOptions): Promise<number> {
  const { env, stdout, stderr } = options;
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...options.argv],
      allowPositionals: true,
      options: {
        file: { type: 'string', short: 'f', default: 'alerts.config.json' },
        driver: { type: 'string', default: 'workflows' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    stderr.write(`sentry-alerts: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const command = positionals[0];
  if (values.help) {
    stdout.write(USAGE);
    return 0;
  }
  if (command !== 'plan' && command !== 'apply' && command !== 'retention') {
    stderr.write(`${command === undefined ? '' : `sentry-alerts: unknown command "${command}"\n\n`}${USAGE}`);
    return 2;
  }
  if (values.driver !== 'workflows' && values.driver !== 'legacy') {
    stderr.write(`sentry-alerts: --driver must be "workflows" or "legacy", got "${values.driver}"\n`);
    return 2;
  }
  const missing = ['SENTRY_AUTH_TOKEN', 'SENTRY_ORG', 'SENTRY_PROJECT'].filter((name) => !env[name]);
  if (missing.length > 0) {
    stderr.write(`sentry-alerts: set ${missing.join(', ')}\n`);
    return 2;
  }
  try {
    const provisioner = createAlertsProvisioner({
      baseUrl: env.SENTRY_API_URL || 'https://sentry.io',
      token: env.SENTRY_AUTH_TOKEN!,
      org: env.SENTRY_ORG!,
      project: env.SENTRY_PROJECT!,
      driver: values.driver,
      fetch: options.fetch,
    });
    if (command === 'retention') {
      const defs = await loadAlertDefinitions(values.file).catch(() => undefined);
      const report = await provisioner.retention({ requiredDays: defs?.retentionDays ?? 90 });
      stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatRetention(report)}\n`);
      return 0;
    }
    const defs = await loadAlertDefinitions(values.file);
    const plan = command === 'apply' ? await provisioner.apply(defs) : await provisioner.plan(defs);
    stdout.write(`${values.json ? JSON.stringify(plan, null, 2) : formatPlan(plan, command === 'apply' ? 'did' : 'would')}\n`);
    return 0;
  } catch (error) {
    if (AlertsError.isInstance(error) || StatsClientConfigError.isInstance(error)) {
      stderr.write(`sentry-alerts: ${error.message}\n`);
      return 2;
    }
    if (SentryApiError.isInstance(error)) {
      const hint = error.status === 401 || error.status === 403 ? ' (the token needs alerts:write and project:write)' : '';
      stderr.write(`sentry-alerts: ${error.message}${hint}\n`);
      return 1;
    }
    throw error;
  }
}
