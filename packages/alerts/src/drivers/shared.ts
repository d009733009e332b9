import type { SentryHttp } from '@causal-organism/stats-client';
import * as v from 'valibot';
import { AlertsError } from '../errors';
import type { PlanChange, ProvisionDriver } from '../types';
import { leafPaths, subsetDiff } from '../internal/diff';

/** Everything a driver needs: the shared HTTP core of stats-client and the target. */
export interface DriverContext {
  http: SentryHttp;
  org: string;
  project: string;
  /** Numeric project id (from GET project). */
  projectId: string;
  /** false: compute the plan only. */
  write: boolean;
  warnings: string[];
}

/** A remote resource found by listing. */
export interface Remote {
  id: string;
  name: string;
  body: Record<string, unknown>;
}

export const remoteSchema = v.looseObject({ id: v.union([v.string(), v.number()]), name: v.string() });
export const seg = encodeURIComponent;

/** The Sentry levels as numbers, as legacy filters and workflow conditions compare them. */
export const LEVEL_NUMBER: Record<string, number> = { fatal: 50, error: 40, warning: 30, info: 20, debug: 10 };

/** Lists a paginated resource and indexes it by name; two of one name is a conflict, not a guess. */
export async function listByName(
  ctx: DriverContext,
  opts: { path: string; query?: Record<string, string | string[]>; what: string; keep?: (body: Record<string, unknown>) => boolean },
): Promise<Map<string, Remote>> {
  const byName = new Map<string, Remote>();
  for await (const item of ctx.http.paginate({ path: opts.path, query: opts.query, itemSchema: remoteSchema, pageSizeParam: false })) {
    const body = item as Record<string, unknown>;
    if (opts.keep && !opts.keep(body)) continue;
    if (byName.has(item.name)) {
      throw new AlertsError(`Two ${opts.what}s are named "${item.name}" in ${ctx.org}/${ctx.project}; rename or delete one so updates by name are unambiguous.`, {
        code: 'conflict',
      });
    }
    byName.set(item.name, { id: String(item.id), name: item.name, body });
  }
  return byName;
}

/**
 * Creates or updates one resource by name. In plan mode it only reports. Returns the change and the
 * remote id (a placeholder for a resource plan mode would create).
 */
export async function reconcile(
  ctx: DriverContext,
  opts: {
    resource: PlanChange['resource'];
    name: string;
    desired: Record<string, unknown>;
    /** The remote body in the shape `desired` is compared against. */
    existing: Remote | undefined;
    normalize?: (remote: Record<string, unknown>) => Record<string, unknown>;
    createPath: string;
    updatePath: (id: string) => string;
  },
): Promise<{ change: PlanChange; id: string }> {
  const { existing } = opts;
  if (!existing) {
    const change: PlanChange = { action: 'create', resource: opts.resource, name: opts.name, changes: leafPaths(opts.desired), body: opts.desired };
    if (!ctx.write) return { change, id: `<new ${opts.resource} "${opts.name}">` };
    const res = await ctx.http.request({ method: 'POST', path: opts.createPath, body: opts.desired, schema: remoteSchema });
    const id = String(res.data.id);
    return { change: { ...change, id }, id };
  }
  const changes = subsetDiff(opts.desired, opts.normalize ? opts.normalize(existing.body) : existing.body);
  const change: PlanChange = { action: changes.length > 0 ? 'update' : 'unchanged', resource: opts.resource, name: opts.name, id: existing.id, changes, body: opts.desired };
  if (changes.length > 0 && ctx.write) {
    await ctx.http.request({ method: 'PUT', path: opts.updatePath(existing.id), body: opts.desired });
  }
  return { change, id: existing.id };
}

/** Rounds a cooldown up to the nearest value the target accepts, with a warning when it moved. */
export function allowedCooldown(ctx: DriverContext, opts: { name: string; minutes: number; allowed: readonly number[]; driver: ProvisionDriver }): number {
  const value = opts.allowed.find((a) => a >= opts.minutes) ?? opts.allowed[opts.allowed.length - 1]!;
  if (value !== opts.minutes) {
    ctx.warnings.push(`"${opts.name}": cooldown ${opts.minutes} min is not accepted by the ${opts.driver} API; using ${value} min.`);
  }
  return value;
}
