import { Counter, Gauge, Histogram, collectDefaultMetrics, register, type Metric } from 'prom-client';

// instrument.js and worker.js are separate bundles that each include this module, while prom-client
// (a dependency, not bundled) is one module instance: get-or-create keeps one metric per name.
function metric<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** `sentry_errors_total{level,outcome}`, fed by core-config's `onEventOutcome`. */
export function sentryErrorsTotal(): Counter<'level' | 'outcome'> {
  return metric(
    'sentry_errors_total',
    () => new Counter({ name: 'sentry_errors_total', help: 'Sentry events by level and outcome (sent, dropped, throttled, scrub_failed)', labelNames: ['level', 'outcome'] }),
  );
}

/** Job counters and timings. */
export interface JobMetrics {
  /** `worker_jobs_total{queue,name,status}`: status is `completed`, `failed` (an attempt failed) or `exhausted` (no attempts left). */
  jobs: Counter<'queue' | 'name' | 'status'>;
  /** `worker_jobs_active{queue}`. */
  active: Gauge<'queue'>;
  /** `worker_job_duration_seconds{queue,name,status}`. */
  duration: Histogram<'queue' | 'name' | 'status'>;
}

/** The worker's job metrics, registered once. */
export function jobMetrics(): JobMetrics {
  return {
    jobs: metric('worker_jobs_total', () => new Counter({ name: 'worker_jobs_total', help: 'Job attempts by outcome', labelNames: ['queue', 'name', 'status'] })),
    active: metric('worker_jobs_active', () => new Gauge({ name: 'worker_jobs_active', help: 'Jobs being processed now', labelNames: ['queue'] })),
    duration: metric(
      'worker_job_duration_seconds',
      () =>
        new Histogram({
          name: 'worker_job_duration_seconds',
          help: 'Job attempt duration',
          labelNames: ['queue', 'name', 'status'],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        }),
    ),
  };
}

let defaultsStarted = false;

/** Node's process metrics (CPU, memory, event loop lag, GC), once per process. */
export function startDefaultMetrics(): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  collectDefaultMetrics();
}

/** The Prometheus text of every registered metric. */
export function renderMetrics(): Promise<string> {
  return register.metrics();
}

/** The content type Prometheus expects. */
export const METRICS_CONTENT_TYPE = register.contentType;
