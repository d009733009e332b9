import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { platformDefaultRules } from './defaults';
import { describeRules } from './describe';

describe('describeRules', () => {
  const table = describeRules(platformDefaultRules({ actions: [{ type: 'email', target: 'team:ops' }, { type: 'webhook', url: 'https://hooks.example/alerts' }] }));

  it('states the platform rules exactly, including the strict threshold', () => {
    expect(table).toBe(
      [
        '| Rule | Fires on |',
        '|---|---|',
        '| Error rate above 10/min | more than 10 error events within 1 minute in every environment, project-wide (exactly 10 does not fire); notifies email team:ops, webhook https://hooks.example/alerts; at most once per 5 min |',
        '| New error type | a new issue at level error or fatal in every environment; notifies email team:ops, webhook https://hooks.example/alerts; at most once per 5 min |',
      ].join('\n'),
    );
  });

  it('is the table in docs/stats-and-alerts.md, so the docs follow the definitions', () => {
    const docs = readFileSync(new URL('../../../docs/stats-and-alerts.md', import.meta.url), 'utf8');
    expect(docs).toContain(table);
  });
});
