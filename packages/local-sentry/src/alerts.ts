// Local evaluation of the platform's alert rules (requirements 17.5 and 17.6) as events are
// committed, with delivery to webhooks off the ingest path: a slow or failing webhook is retried
// with backoff on timers and never delays a 200.
import type { AlertAction, AlertRule } from '@causal-organism/alerts';
import type { Statement } from 'better-sqlite3';
import { rulesFromLegacy, rulesFromMetricAlert, rulesFromWorkflowEngine, type ConfigRow, type SourcedRule } from './alert-config';
import type { CommitResult, NewIssue, Store } from './store';
import type { AlertFiring, Clock, Logger, ProjectConfig } from './types';

/** Options of the {@link AlertEngine}. */
export interface AlertEngineOptions {
  store: Store;
  clock: Clock;
  logger: Logger | undefined;
  rules: AlertRule[];
  slackWebhooks: Record<string, string>;
  webhookUrls: string[];
  retries: number;
  backoffMs: number;
  projects: ProjectConfig[];
  publicUrl: () => string;
}

interface RuleState {
  firing: boolean;
  lastFiredAt: number;
}

interface FiringRow {
  id: number;
  rule_name: string;
  kind: string;
  status: string;
  project_id: number;
  value: number;
  threshold: number | null;
  issue_id: number | null;
  title: string;
  created: number;
  deliveries: string;
}

type Delivery = AlertFiring['deliveries'][number];

function toFiring(row: FiringRow): AlertFiring {
  return {
    id: row.id,
    ruleName: row.rule_name,
    kind: row.kind as AlertFiring['kind'],
    status: row.status as AlertFiring['status'],
    projectId: row.project_id,
    value: row.value,
    threshold: row.threshold,
    issueId: row.issue_id,
    title: row.title,
    dateCreated: new Date(row.created).toISOString(),
    deliveries: JSON.parse(row.deliveries) as Delivery[],
  };
}

/** Evaluates rules on commit and on a timer, stores firings and delivers them. */
export class AlertEngine {
  private readonly state = new Map<string, RuleState>();
  private configured: SourcedRule[] | null = null;
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;
  private statements: { all: Statement<[number, number], { n: number }>; env: Statement<[number, number, string], { n: number }> } | undefined;

  constructor(private readonly options: AlertEngineOptions) {
    // Restore firing state so a restart does not re-fire an alert that is already open.
    const rows = options.store.db
      .prepare<[], { rule_key: string; project_id: number; status: string; created: number }>(
        'SELECT rule_key, project_id, status, max(created) AS created FROM alert_firings WHERE kind = \'error-rate\' GROUP BY rule_key, project_id',
      )
      .all();
    for (const r of rows) this.state.set(`${r.rule_key}@${r.project_id}`, { firing: r.status === 'firing', lastFiredAt: r.created });
  }

  /** Forgets the cached provisioned rules; called when the API changes rules, detectors or workflows. */
  invalidate(): void {
    this.configured = null;
  }

  /** Every rule in force: the options' rules plus everything provisioned through the API. */
  rules(): SourcedRule[] {
    if (this.configured === null) {
      const rows = this.options.store.db.prepare<[], ConfigRow>('SELECT id, kind, project_id, body FROM alert_config ORDER BY id').all();
      const targets = { slackWebhooks: this.options.slackWebhooks, webhookUrls: this.options.webhookUrls };
      this.configured = [
        ...rows.filter((r) => r.kind === 'rule').flatMap((r) => rulesFromLegacy(r, targets)),
        ...rows.filter((r) => r.kind === 'metric').flatMap((r) => rulesFromMetricAlert(r, targets)),
        ...rulesFromWorkflowEngine(rows, targets),
      ];
    }
    return [...this.options.rules.map((rule, i) => ({ key: `options:${i}`, rule, projectIds: null })), ...this.configured];
  }

  /** Runs after each commit: new-issue rules for created issues, error-rate rules for touched projects. */
  onCommit(result: CommitResult): void {
    try {
      const rules = this.rules();
      for (const issue of result.newIssues) this.checkNewIssue(rules, issue);
      const projects = new Set(result.events.filter((e) => e.kind !== 'transaction').map((e) => e.projectId));
      for (const projectId of projects) this.checkRate(rules, projectId);
    } catch (error) {
      this.options.logger?.error('alert evaluation failed', { error: String(error) });
    }
  }

  /** Re-checks every error-rate rule (fires, or resolves when the rate fell back). Returns resolutions. */
  evaluateWindows(): number {
    let resolved = 0;
    const rules = this.rules();
    for (const p of this.options.projects) resolved += this.checkRate(rules, p.id);
    return resolved;
  }

  private checkNewIssue(rules: SourcedRule[], issue: NewIssue): void {
    for (const { key, rule, projectIds } of rules) {
      if (rule.kind !== 'new-issue') continue;
      if (projectIds !== null && !projectIds.includes(issue.projectId)) continue;
      if (rule.environment !== undefined && rule.environment !== issue.environment) continue;
      if (!(rule.levels as string[]).includes(issue.level)) continue;
      // Each issue is new once, so the cooldown applies per issue: a burst of new error types is not hidden.
      this.fire({ key, rule, projectId: issue.projectId, status: 'firing', value: 1, threshold: null, issueId: issue.id, title: `New issue: ${issue.title}` });
    }
  }

  private checkRate(rules: SourcedRule[], projectId: number): number {
    let resolved = 0;
    const now = this.options.clock.now();
    for (const { key, rule, projectIds } of rules) {
      if (rule.kind !== 'error-rate') continue;
      if (projectIds !== null && !projectIds.includes(projectId)) continue;
      const since = now - rule.windowSeconds * 1000;
      const count = this.countErrors(projectId, since, rule.environment);
      const stateKey = `${key}@${projectId}`;
      const state = this.state.get(stateKey) ?? { firing: false, lastFiredAt: -Infinity };
      const cooldownMs = (rule.cooldownMinutes ?? 5) * 60_000;
      // Strict greater-than, like Sentry's `gt` condition.
      if (count > rule.threshold && !state.firing && now - state.lastFiredAt >= cooldownMs) {
        this.state.set(stateKey, { firing: true, lastFiredAt: now });
        this.fire({ key, rule, projectId, status: 'firing', value: count, threshold: rule.threshold, issueId: null, title: `${rule.name}: ${count} errors in ${rule.windowSeconds}s (threshold ${rule.threshold})` });
      } else if (count <= rule.threshold && state.firing) {
        this.state.set(stateKey, { firing: false, lastFiredAt: state.lastFiredAt });
        this.fire({ key, rule, projectId, status: 'resolved', value: count, threshold: rule.threshold, issueId: null, title: `Resolved: ${rule.name} (${count} errors in ${rule.windowSeconds}s)` });
        resolved++;
      }
    }
    return resolved;
  }

  /** Error events in the window, from the per-second counters (the window is whole seconds). */
  private countErrors(projectId: number, since: number, environment: string | undefined): number {
    const second = Math.floor(since / 1000);
    // Prepared once: this runs after every ingest commit.
    this.statements ??= {
      all: this.options.store.db.prepare<[number, number], { n: number }>('SELECT coalesce(sum(count), 0) AS n FROM error_seconds WHERE project_id = ? AND second > ?'),
      env: this.options.store.db.prepare<[number, number, string], { n: number }>(
        'SELECT coalesce(sum(count), 0) AS n FROM error_seconds WHERE project_id = ? AND second > ? AND environment = ?',
      ),
    };
    if (environment === undefined) return this.statements.all.get(projectId, second)!.n;
    return this.statements.env.get(projectId, second, environment)!.n;
  }

  private targets(actions: AlertAction[]): Array<{ url: string; format: 'slack' | 'generic' }> {
    const out: Array<{ url: string; format: 'slack' | 'generic' }> = [];
    for (const action of actions) {
      if (action.type === 'webhook') out.push({ url: action.url, format: action.format ?? 'generic' });
      else if (action.type === 'slack') {
        const url = this.options.slackWebhooks[action.workspace];
        if (url !== undefined) out.push({ url, format: 'slack' });
      }
    }
    return out;
  }

  private fire(f: { key: string; rule: AlertRule; projectId: number; status: 'firing' | 'resolved'; value: number; threshold: number | null; issueId: number | null; title: string }): void {
    const now = this.options.clock.now();
    const deliveries: Delivery[] = this.targets(f.rule.actions).map((t) => ({ ...t, status: 'pending', attempts: 0 }));
    const info = this.options.store.db
      .prepare('INSERT INTO alert_firings (rule_key, rule_name, kind, status, project_id, value, threshold, issue_id, title, created, deliveries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(f.key, f.rule.name, f.rule.kind, f.status, f.projectId, f.value, f.threshold, f.issueId, f.title, now, JSON.stringify(deliveries));
    const firing = this.get(Number(info.lastInsertRowid))!;
    this.options.logger?.warn(`alert ${f.status}: ${f.title}`, { rule: f.rule.name, projectId: f.projectId, value: f.value });
    const others = f.rule.actions.filter((a) => a.type === 'email' || a.type === 'pagerduty');
    if (others.length > 0) this.options.logger?.info('alert actions not delivered locally (email/pagerduty)', { rule: f.rule.name, actions: others.map((a) => a.type) });
    deliveries.forEach((_, index) => this.track(this.deliver(firing, index)));
  }

  private track(promise: Promise<void>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private payload(firing: AlertFiring, format: 'slack' | 'generic'): unknown {
    const project = this.options.projects.find((p) => p.id === firing.projectId);
    const base = this.options.publicUrl();
    const link = firing.issueId !== null ? `${base}/issues/${firing.issueId}/` : `${base}/`;
    if (format === 'slack') {
      const color = firing.status === 'resolved' ? '#2eb886' : firing.kind === 'new-issue' ? '#e01e5a' : '#ecb22e';
      return {
        text: `[${project?.slug ?? firing.projectId}] ${firing.title}`,
        attachments: [
          {
            color,
            title: firing.title,
            title_link: link,
            fields: [
              { title: 'Rule', value: firing.ruleName, short: true },
              { title: 'Status', value: firing.status, short: true },
              { title: 'Value', value: String(firing.value), short: true },
              ...(firing.threshold !== null ? [{ title: 'Threshold', value: String(firing.threshold), short: true }] : []),
            ],
            ts: Math.floor(Date.parse(firing.dateCreated) / 1000),
          },
        ],
      };
    }
    return {
      action: firing.status === 'resolved' ? 'resolved' : 'triggered',
      data: {
        id: String(firing.id),
        rule: { name: firing.ruleName, kind: firing.kind },
        status: firing.status,
        project: { id: String(firing.projectId), slug: project?.slug ?? null },
        value: firing.value,
        threshold: firing.threshold,
        issue: firing.issueId === null ? null : { id: String(firing.issueId), url: link },
        title: firing.title,
        url: link,
        dateCreated: firing.dateCreated,
      },
    };
  }

  private async deliver(firing: AlertFiring, index: number): Promise<void> {
    const target = firing.deliveries[index]!;
    const body = JSON.stringify(this.payload(firing, target.format));
    for (let attempt = 1; attempt <= this.options.retries + 1; attempt++) {
      if (attempt > 1 && this.stopped) {
        // Shutting down: give up on retries rather than delay close().
        this.update(firing.id, index, { status: 'failed', attempts: attempt - 1, lastError: 'local-sentry stopped before the delivery succeeded' });
        return;
      }
      let error: string | undefined;
      try {
        const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.ok) {
          this.update(firing.id, index, { status: 'delivered', attempts: attempt });
          return;
        }
        error = `HTTP ${response.status}`;
      } catch (cause) {
        error = (cause as Error).message;
      }
      const last = attempt === this.options.retries + 1 || this.stopped;
      this.update(firing.id, index, { status: last ? 'failed' : 'pending', attempts: attempt, lastError: error });
      if (last) {
        this.options.logger?.error('alert webhook delivery failed', { url: target.url, attempts: attempt, error });
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, this.options.backoffMs * 2 ** (attempt - 1));
        this.timers.set(timer, resolve);
      });
    }
  }

  private update(id: number, index: number, patch: Partial<Delivery>): void {
    if (!this.options.store.db.open) return;
    const row = this.get(id);
    if (!row) return;
    row.deliveries[index] = { ...row.deliveries[index]!, ...patch };
    this.options.store.db.prepare('UPDATE alert_firings SET deliveries = ? WHERE id = ?').run(JSON.stringify(row.deliveries), id);
  }

  /** One stored firing. */
  get(id: number): AlertFiring | undefined {
    const row = this.options.store.db.prepare<[number], FiringRow>('SELECT * FROM alert_firings WHERE id = ?').get(id);
    return row ? toFiring(row) : undefined;
  }

  /** Stored firings, newest first. */
  list(limit = 100): AlertFiring[] {
    return this.options.store.db.prepare<[number], FiringRow>('SELECT * FROM alert_firings ORDER BY id DESC LIMIT ?').all(limit).map(toFiring);
  }

  /** Resolves when no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Cancels retry timers (deliveries in flight finish as failed). */
  stop(): void {
    this.stopped = true;
    // Wake sleeping retries so they finish (as failed) instead of hanging idle().
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
  }
}
