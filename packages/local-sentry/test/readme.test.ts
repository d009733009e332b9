import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { usageExample } from './usage-example';

it('the README usage snippet is the code that runs here', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const source = readFileSync(new URL('./usage-example.ts', import.meta.url), 'utf8');
  const body = /\/\/ README:start\n([\s\S]*?)\s*\/\/ README:end/.exec(source)![1]!.replace(/^ {2}/gm, '');
  expect(readme).toContain(body.trim());
  const issues = await usageExample();
  expect(issues).toEqual([expect.objectContaining({ title: 'Error: checkout failed', count: '1' })]);
});
