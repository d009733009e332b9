// Every snippet in docs/*.md, the root README and the package READMEs is checked (see snippets.mjs).
// A failure names the file and line of the snippet that rotted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PROSE_LANGS,
  checkInlineCommands,
  checkProse,
  checkShellBlock,
  coreConfigEnvNames,
  docFiles,
  extractBlocks,
  loadWorkspace,
  parseDataBlock,
  sourceText,
  typecheckBlocks,
  undocumentedAppVariables,
  validateBlock,
} from './snippets.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const files = docFiles(repoRoot);
const blocks = files.flatMap((file) => extractBlocks(readFileSync(join(repoRoot, file), 'utf8'), file));
const workspace = loadWorkspace(repoRoot);

describe('doc snippets', () => {
  it('finds the docs and their snippets', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/configuration.md', 'packages/core-config/README.md']));
    expect(blocks.filter((block) => block.lang === 'ts').length).toBeGreaterThan(10);
  });

  it('every block has a language this check knows', () => {
    const known = new Set([...PROSE_LANGS, 'ts', 'typescript', 'js', 'javascript', 'mjs', 'json', 'yaml', 'yml', 'sh', 'bash', 'shell', 'console']);
    expect(blocks.filter((block) => !known.has(block.lang)).map((block) => `${block.file}:${block.line} ${block.lang}`)).toEqual([]);
  });

  it('TypeScript and JavaScript blocks typecheck against the built packages', () => {
    const { problems, checked } = typecheckBlocks(blocks, { repoRoot, workDir: join(here, '.snippets') });
    expect(problems).toEqual([]);
    const code = blocks.filter((block) => ['ts', 'typescript', 'js', 'javascript', 'mjs'].includes(block.lang) && !block.directives.skip);
    expect(checked).toHaveLength(code.length);
  });

  it('JSON and YAML blocks parse', () => {
    expect(blocks.flatMap(parseDataBlock)).toEqual([]);
  });

  it('alerts definitions and fingerprint rules shown in the docs are accepted by their parsers', async () => {
    const marked = blocks.filter((block) => block.directives.validate);
    expect(marked.length).toBeGreaterThanOrEqual(3);
    expect((await Promise.all(marked.map(validateBlock))).flat()).toEqual([]);
  });

  it('shell blocks name real scripts, tasks, packages, paths, CLI commands and options', () => {
    const problems = blocks.filter((block) => ['sh', 'bash', 'shell', 'console'].includes(block.lang) && !block.directives.skip).flatMap((block) => checkShellBlock(block, workspace).problems);
    expect(problems).toEqual([]);
  });

  it('commands in inline code name real scripts, paths and CLI commands too', () => {
    const problems = files.flatMap((file) => checkInlineCommands({ file, markdown: readFileSync(join(repoRoot, file), 'utf8'), workspace }));
    expect(problems).toEqual([]);
  });

  it('every SENTRY_* variable is one core-config (or another tool here) reads; other variables and links are real', () => {
    const sentryNames = coreConfigEnvNames(repoRoot);
    const sources = sourceText(repoRoot);
    const problems = files.flatMap((file) => checkProse({ file, markdown: readFileSync(join(repoRoot, file), 'utf8'), repoRoot, sentryNames, sources }));
    expect(problems).toEqual([]);
  });

  it.each(['api', 'worker'])("apps/%s's README documents every variable its config reads", (app) => {
    expect(undocumentedAppVariables(repoRoot, app)).toEqual([]);
  });

  it('docs/configuration.md documents every variable core-config reads', () => {
    const configuration = readFileSync(join(repoRoot, 'docs/configuration.md'), 'utf8');
    expect([...coreConfigEnvNames(repoRoot)].filter((name) => !configuration.includes(`\`${name}\``))).toEqual([]);
  });
});

// The checker must be able to fail: rotted snippets in a temporary file are reported.
describe('the checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docs-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rotten = [
    '```ts',
    "import { initSentry, noSuchExport } from '@causal-organism/core-config';",
    'initSentry({ notAnOption: true });',
    '```',
    '',
    '<!-- snippet: prelude declare const dsn: string; -->',
    '```ts',
    "import * as Sentry from '@sentry/node';",
    'Sentry.init({ dsn });',
    '```',
    '',
    '```json',
    '{ "rules": [ }',
    '```',
    '',
    '```sh',
    'npx -y pnpm@9.0.0 run no-such-script',
    'pnpm --filter @causal-organism/alerts no-such-script',
    'pnpm add @causal-organism/not-a-package',
    'sentry-stats no-such-command --no-such-flag',
    'docker compose --profile no-such-profile up',
    'node --import ./dist/nothing.js dist/nothing.js',
    'make everything',
    '```',
    '',
    'Set `SENTRY_NOT_A_VARIABLE=1` and `NOT_READ_ANYWHERE=2`; see [nowhere](nowhere.md) and [a section](#no-such-section).',
    '',
    '## A `real` section: yes',
    '',
    'Back to [it](#a-real-section-yes).',
  ].join('\n');
  const file = 'ROTTEN.md';
  writeFileSync(join(dir, file), rotten);
  const rottenBlocks = extractBlocks(rotten, file);

  it('reports type errors at their line in the markdown, and accepts a fragment with a prelude', () => {
    const { problems } = typecheckBlocks(rottenBlocks, { repoRoot, workDir: join(here, '.snippets-rotten') });
    rmSync(join(here, '.snippets-rotten'), { recursive: true, force: true });
    expect(problems).toEqual([
      expect.stringMatching(/^ROTTEN\.md:2: TS2305 .*noSuchExport/),
      expect.stringMatching(/^ROTTEN\.md:3: TS2353 .*notAnOption/),
    ]);
  });

  it('reports alerts definitions and fingerprint rules that their parsers reject', async () => {
    const alerts = { file: 'ROTTEN.md', line: 1, lang: 'json', code: '{ "rules": [{ "kind": "error-rate", "name": "x", "threshold": -1, "windowSeconds": 60, "actions": [] }] }', directives: { validate: 'alerts-definitions' } };
    const rules = { file: 'ROTTEN.md', line: 9, lang: 'text', code: 'type:Timeout => timeout\n', directives: { validate: 'fingerprint-rules' } };
    expect(await validateBlock(alerts)).toEqual(expect.arrayContaining([expect.stringMatching(/^ROTTEN\.md:1: alerts definitions: rules\[0\]\.threshold/)]));
    expect(await validateBlock(rules)).toEqual([expect.stringMatching(/^ROTTEN\.md:9: fingerprint rules: .*->/)]);
  });

  it('reports JSON that does not parse', () => {
    expect(rottenBlocks.flatMap(parseDataBlock)).toEqual([expect.stringMatching(/^ROTTEN\.md:12: json does not parse/)]);
  });

  it('reports every shell command that names something that does not exist', () => {
    const { problems } = checkShellBlock(rottenBlocks.find((block) => block.lang === 'sh'), workspace);
    expect(problems).toEqual([
      expect.stringContaining('pnpm@9.0.0 is not the repo\'s pnpm'),
      expect.stringContaining('has no "no-such-script" script'),
      expect.stringContaining('@causal-organism/alerts has no "no-such-script" script'),
      expect.stringContaining('no workspace package has that name'),
      expect.stringContaining('sentry-stats no-such-command: not a command'),
      expect.stringContaining('sentry-stats --no-such-flag: not an option'),
      expect.stringContaining('docker compose has no profile "no-such-profile"'),
      expect.stringContaining('preloaded module ./dist/nothing.js does not exist'),
      expect.stringContaining('script dist/nothing.js does not exist'),
      expect.stringContaining('unknown command "make"'),
    ]);
  });

  it('reports unknown variables and dead links', () => {
    const problems = checkProse({ file, markdown: rotten, repoRoot: dir, sentryNames: coreConfigEnvNames(repoRoot), sources: sourceText(repoRoot) });
    expect(problems).toEqual([
      expect.stringContaining('SENTRY_NOT_A_VARIABLE is neither a core-config variable'),
      expect.stringContaining('NOT_READ_ANYWHERE is not read by any source'),
      expect.stringContaining('link target nowhere.md does not exist'),
      expect.stringContaining('link target #no-such-section: no heading with that anchor'),
    ]);
  });
});
