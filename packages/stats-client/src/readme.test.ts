import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's usage snippet is test/readme-usage.ts verbatim, which `tsc --noEmit` compiles.
describe('README', () => {
  it('shows the usage snippet that the typecheck compiles', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const snippet = readFileSync(new URL('../test/readme-usage.ts', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${snippet}\`\`\``);
  });
});
