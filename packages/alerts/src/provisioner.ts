import { createSentryHttp, SentryApiError, type SentryHttpOptions } from '@causal-organism/stats-client';
import * as v from 'valibot';
import { parseAlertDefinitions, recommendedScrubbing } from './definitions';
import { provisionLegacy } from './drivers/legacy';
import { seg, type DriverContext } from './drivers/shared';
import { provisionWorkflows } from './drivers/workflows';
import { AlertsError } from './errors';
import { subsetDiff } from './internal/diff';
import type { AlertDefinitions, PlanChange, ProvisionDriver, ProvisionPlan, RetentionReport } from './types';

/** Options of {@link createAlertsProvisioner}: the stats-client HTTP options plus the target. */
export interface AlertsProvisionerOptions extends SentryHttpOptions {
  /** Organization slug. */
  org: string;
  /** Project slug the rules watch. */
  project: string;
  /** `workflows` (Monitors/Alerts API, current) or `legacy` (`/rules/` + `/alert-rules/`). @default 'workflows' */
  driver?: ProvisionDriver;
  /** Numeric project id. Given, the project lookup is skipped when no project settings are managed. @default looked up with `GET /projects/{org}/{project}/` */
  projectId?: string;
}

/** Plans and applies alert definitions to one Sentry project. */
export interface AlertsProvisioner {
  /** What `apply` would change. Reads only. */
  plan(definitions: AlertDefinitions): Promise<ProvisionPlan>;
  /** Creates or updates by name; never deletes, never duplicates; a second run is a no-op. */
  apply(definitions: AlertDefinitions): Promise<ProvisionPlan>;
  /** What can be seen of event retention (Sentry exposes no retention setting through its API). */
  retention(options?: { requiredDays?: number }): Promise<RetentionReport>;
}

const projectSchema = v.looseObject({ id: v.union([v.string(), v.number()]), slug: v.string() });
const timeseriesSchema = v.looseObject({
  timeSeries: v.array(v.looseObject({ values: v.array(v.looseObject({ timestamp: v.number(), value: v.nullable(v.number()) })) })),
});

const RETENTION_NOTE =
  'Sentry has no API that reports event retention. sentry.io: errors are kept by plan (Developer 30 days, Team and Business 90 days); ' +
  'check Settings > Subscription and pick Team or above for 17.7. Self-hosted: set SENTRY_EVENT_RETENTION_DAYS=90 in .env.custom ' +
  '(it feeds system.event-retention-days, the Snuba TTL and the nightly `sentry cleanup --days`), then re-run ./install.sh. local-sentry: retentionDays (default 90).';

/** Sorted copies so a server that reorders lists does not look like drift. */
function sortedLists(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  for (const key of ['sensitiveFields', 'safeFields']) if (Array.isArray(out[key])) out[key] = [...(out[key] as string[])].sort();
  if (typeof out.fingerprintingRules === 'string') out.fingerprintingRules = out.fingerprintingRules.trim();
  return out;
}

/**
 * Creates a provisioner over stats-client's HTTP core (one HTTP/retry/pagination stack for both packages).
 *
 * @example
 * const provisioner = createAlertsProvisioner({ baseUrl: 'https://sentry.io', token, org: 'acme', project: 'api' });
 * const plan = await provisioner.plan({ rules: platformDefaultRules({ actions: [{ type: 'email', target: 'team:ops' }] }) });
 */
export function createAlertsProvisioner(options: AlertsProvisionerOptions): AlertsProvisioner {
  const http = createSentryHttp(options);
  const driver = options.driver ?? 'workflows';
  const projectPath = `/api/0/projects/${seg(options.org)}/${seg(options.project)}/`;

  async function run(definitions: AlertDefinitions, write: boolean): Promise<ProvisionPlan> {
    const parsed = parseAlertDefinitions(definitions);
    if (!parsed.ok) throw new AlertsError(`Invalid alert definitions:\n  ${parsed.issues.join('\n  ')}`, { code: 'invalid_definitions', issues: parsed.issues });
    const defs = parsed.value;
    const managesSettings = defs.fingerprintRules !== undefined || defs.scrubbing !== false;
    const remote = managesSettings || options.projectId === undefined ? (await http.request({ path: projectPath, schema: projectSchema })).data : undefined;
    const projectId = options.projectId ?? String(remote!.id);
    const ctx: DriverContext = { http, org: options.org, project: options.project, projectId, write, warnings: [] };
    // Rules first: the drivers list everything (and stop on conflicts) before their first write, so a
    // conflict leaves the project untouched rather than half-applied.
    const rules = driver === 'legacy' ? await provisionLegacy(ctx, defs.rules) : await provisionWorkflows(ctx, defs.rules);
    const settings = remote ? await reconcileSettings(ctx, { defs, remote }) : undefined;
    return {
      driver,
      org: options.org,
      project: options.project,
      changes: [...rules.changes, ...(settings ? [settings] : [])],
      warnings: ctx.warnings,
      unmanaged: rules.unmanaged,
    };
  }

  async function reconcileSettings(ctx: DriverContext, input: { defs: AlertDefinitions; remote: Record<string, unknown> }): Promise<PlanChange | undefined> {
    const desired: Record<string, unknown> = {};
    if (input.defs.fingerprintRules !== undefined) desired.fingerprintingRules = input.defs.fingerprintRules.trim();
    const scrubbing = input.defs.scrubbing ?? 'recommended';
    if (scrubbing !== false) Object.assign(desired, scrubbing === 'recommended' ? recommendedScrubbing : scrubbing);
    if (Object.keys(desired).length === 0) return undefined;
    const wanted = sortedLists(desired);
    const changes = subsetDiff(wanted, sortedLists(input.remote));
    const change: PlanChange = { action: changes.length > 0 ? 'update' : 'unchanged', resource: 'project-settings', name: ctx.project, id: ctx.projectId, changes, body: wanted };
    if (changes.length > 0 && ctx.write) {
      // Only the fields that differ: a full body could overwrite settings someone changed in the UI.
      const patch = Object.fromEntries(Object.entries(wanted).filter(([key]) => changes.some((c) => c === key || c.startsWith(`${key}.`) || c.startsWith(`${key}[`))));
      await http.request({ method: 'PUT', path: projectPath, body: patch });
    }
    return change;
  }

  return {
    plan: (definitions) => run(definitions, false),
    apply: (definitions) => run(definitions, true),
    async retention(opts = {}) {
      const requiredDays = opts.requiredDays ?? 90;
      const projectId = options.projectId ?? String((await http.request({ path: projectPath, schema: projectSchema })).data.id);
      try {
        const res = await http.request({
          path: `/api/0/organizations/${seg(options.org)}/events-timeseries/`,
          query: { dataset: 'errors', yAxis: 'count()', interval: 86_400, statsPeriod: `${requiredDays}d`, project: [projectId] },
          schema: timeseriesSchema,
        });
        const first = res.data.timeSeries[0]?.values.find((p) => (p.value ?? 0) > 0);
        return { requiredDays, queryAccepted: true, oldestDataAt: first ? new Date(first.timestamp).toISOString() : undefined, detail: undefined, note: RETENTION_NOTE };
      } catch (error) {
        // Sentry answers 400 to a period beyond what the org keeps: that is the one signal the API gives.
        if (SentryApiError.isInstance(error) && error.status === 400) {
          return { requiredDays, queryAccepted: false, oldestDataAt: undefined, detail: error.detail, note: RETENTION_NOTE };
        }
        throw error;
      }
    },
  };
}

