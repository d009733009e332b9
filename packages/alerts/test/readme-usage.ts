import { createAlertsProvisioner, platformDefaultRules, type AlertDefinitions } from '@causal-organism/alerts';

export async function provision(token: string): Promise<void> {
  const definitions: AlertDefinitions = {
    rules: platformDefaultRules({
      actions: [
        { type: 'email', target: 'team:4524986223' },
        { type: 'slack', workspace: '293854098', channel: 'C0123456' },
      ],
      environment: 'production',
    }),
    fingerprintRulesFile: './sentry-fingerprints.txt',
    scrubbing: 'recommended',
  };
  const provisioner = createAlertsProvisioner({ baseUrl: 'https://sentry.io', token, org: 'acme', project: 'api' });
  const plan = await provisioner.plan(definitions); // reads only
  if (plan.changes.some((c) => c.action !== 'unchanged')) await provisioner.apply(definitions);
  const retention = await provisioner.retention({ requiredDays: 90 });
  void retention.note;
}
