import * as Sentry from '@sentry/node';
import { UnrecoverableError, type Job } from 'bullmq';
import { ExportJobError } from './errors';
import type { JobMetrics } from './metrics';

/** Options of {@link withJobScope}. */
export interface JobScopeOptions {
  metrics: JobMetrics;
}

/**
 * Runs one attempt of a job in its own Sentry isolation scope, tagged with queue, job name, id and
 * attempt, with the job (its data included: scrubbing removes PII before it leaves) as context.
 * A failing attempt is captured here, once, with that scope, then handed back to BullMQ, which
 * retries it (attempts and backoff are the producer's job options) or fails it for good.
 */
export function withJobScope<T>(job: Job, run: () => Promise<T>, options: JobScopeOptions): Promise<T> {
  return Sentry.withIsolationScope(async (scope) => {
    // attemptsMade counts finished attempts; this one is the next.
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const labels = { queue: job.queueName, name: job.name };
    scope.setTags({ queue: job.queueName, 'job.name': job.name, 'job.id': String(job.id), 'job.attempt': attempt });
    scope.setContext('job', {
      queue: job.queueName,
      name: job.name,
      id: job.id,
      attempt,
      maxAttempts,
      stalledCounter: job.stalledCounter,
      enqueuedAt: new Date(job.timestamp).toISOString(),
      data: job.data as unknown,
    });
    scope.setTransactionName(`${job.queueName} ${job.name}`);
    options.metrics.active.inc({ queue: job.queueName });
    const stopTimer = options.metrics.duration.startTimer(labels);
    try {
      const result = await run();
      options.metrics.jobs.inc({ ...labels, status: 'completed' });
      stopTimer({ status: 'completed' });
      return result;
    } catch (error) {
      const retryable = !ExportJobError.isInstance(error) || error.retryable;
      const final = !retryable || attempt >= maxAttempts;
      Sentry.captureException(error, {
        mechanism: { type: 'auto.worker.bullmq', handled: false },
        captureContext: { tags: { 'job.final_attempt': final } },
      });
      options.metrics.jobs.inc({ ...labels, status: final ? 'exhausted' : 'failed' });
      stopTimer({ status: 'failed' });
      // BullMQ's way to skip the remaining attempts; the captured event keeps the real error type.
      if (!retryable) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      options.metrics.active.dec({ queue: job.queueName });
    }
  });
}
