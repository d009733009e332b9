import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScrubber } from './index';

describe('README', () => {
  it('shows the usage snippet that test/readme-usage.ts compiles', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('../test/readme-usage.ts', import.meta.url), 'utf8');
    const snippet = source
      .split('// README:start\n')[1]!
      .split('  // README:end')[0]!
      .split('\n')
      .map((line) => line.slice(2))
      .join('\n')
      .trimEnd();
    expect(readme).toContain(snippet);
  });

  it('shows the browser snippet that test/readme-browser-usage.ts compiles', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('../test/readme-browser-usage.ts', import.meta.url), 'utf8');
    const snippet = source.split('// README:start\n')[1]!.split('// README:end')[0]!.trimEnd().replace("'../src/browser'", "'@causal-organism/scrubbing/browser'");
    expect(readme).toContain(`\`\`\`ts\n${snippet}\n\`\`\``);
  });

  it('the snippet does what its comment says', () => {
    const body = createScrubber().scrubValue({ user: 'bob', password: 'hunter2', note: 'card 4242 4242 4242 4242' });
    expect(body).toEqual({ user: 'bob', password: '[Filtered]', note: 'card [creditcard]' });
  });
});
