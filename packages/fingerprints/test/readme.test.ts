import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quota } from './readme-browser';
import { grouped, whyThisGroup } from './readme-example';

describe('README usage snippet', () => {
  it('is the typechecked file test/readme-example.ts, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8').trim();
    expect(readme).toContain(example);
  });
  it('does what its comments say', () => {
    expect(grouped).toBe('connect ECONNREFUSED <ip>:<int> after <duration>');
    expect(whyThisGroup({ exception: { values: [{ type: 'ConnectionError' }] } })).toEqual(['system-down']);
    expect(whyThisGroup({ message: 'm' })[0]).toMatch(/^type:"DatabaseUnavailable" -> "system-down": /);
  });
});

describe('README browser snippet', () => {
  it('is the typechecked file test/readme-browser.ts, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(readFileSync(new URL('./readme-browser.ts', import.meta.url), 'utf8').trim());
  });
  it('does what its comments say', () => {
    expect(quota?.fingerprint).toEqual(['quota', '{{ message }}']);
  });
});
