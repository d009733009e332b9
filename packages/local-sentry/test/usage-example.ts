// The README's usage snippet, kept compiling and running by test/readme.test.ts.
import * as Sentry from '@sentry/node';
import { startLocalSentry } from '../src/index';

export async function usageExample(): Promise<unknown[]> {
  // README:start
  const sentry = await startLocalSentry({ db: ':memory:' });
  Sentry.init({ dsn: sentry.dsn });
  Sentry.captureException(new Error('checkout failed'));
  await Sentry.flush(2000);

  const response = await fetch(`${sentry.apiUrl}/organizations/${sentry.organization}/issues/?query=is:unresolved`, {
    headers: { authorization: `Bearer ${sentry.token}` },
  });
  const issues = (await response.json()) as Array<{ title: string; count: string }>;
  await sentry.close();
  // README:end
  await Sentry.close();
  return issues;
}
