import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// The README's snippets are test/readme-*.ts verbatim, which `tsc --noEmit` compiles against src.
it.each(['readme-usage.ts', 'readme-browser.ts', 'readme-browser-opt-in.ts'])('the README shows %s, which the typecheck compiles', (file) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const snippet = readFileSync(new URL(`../test/${file}`, import.meta.url), 'utf8');
  expect(readme).toContain(`\`\`\`ts\n${snippet}\`\`\``);
});
