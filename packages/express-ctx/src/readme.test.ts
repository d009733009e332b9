import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's TypeScript usage snippet must be the one `tsc` checks in test/readme-snippet.ts.
describe('README', () => {
  it('shows the usage snippet that the typecheck compiles', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('../test/readme-snippet.ts', import.meta.url), 'utf8');
    const snippet = /\/\/ --- snippet start\n([\s\S]*?)\/\/ --- snippet end/.exec(source)?.[1];
    expect(snippet).toBeDefined();
    expect(readme).toContain('```ts\n' + snippet + '```');
  });
});
