import { createStatsClient, SentryApiError } from '@causal-organism/stats-client';

export async function report(token: string): Promise<void> {
  const sentry = createStatsClient({ baseUrl: 'https://sentry.io', token, org: 'acme', project: 'api' });
  try {
    const rate = await sentry.errorRate({ window: '1h', bucket: '1m' });
    const alarm = await sentry.isAboveThreshold({ perMinute: 10 });
    const top = await sentry.topIssues({ since: '24h', limit: 5 });
    for await (const issue of sentry.listIssues({ statsPeriod: '14d', limit: 10_000 })) {
      void issue.count; // streamed page by page: memory stays flat
    }
    void [rate.perMinute, alarm.above, top.map((i) => i.shortId)];
  } catch (error) {
    if (SentryApiError.isInstance(error)) void [error.status, error.detail, error.method, error.path, error.retried];
    throw error;
  }
}
