// Every fenced code block in docs/ and the READMEs is checked here, so that a snippet cannot rot:
// - ts/js: typechecked with tsc against the built workspace packages (this package depends on all of
//   them, so turbo builds them first and `@causal-organism/*` resolves to their published types);
//   a block that is verbatim part of a file a package's own typecheck compiles (its test/readme-*.ts)
//   counts as checked there instead of being compiled twice;
// - json/yaml: parsed;
// - sh: every pnpm script, turbo task, workspace package, path, CLI subcommand and flag it names exists;
// - anywhere in the text: every SENTRY_* variable is one core-config reads (or one another tool of the
//   repo reads), every other NAME=value variable is read by some source file, every relative link resolves.
// A block can carry directives in an HTML comment right above its fence, invisible when rendered:
//   <!-- snippet: prelude <declarations the fragment assumes, typechecked with it> -->
//   <!-- snippet: cwd <directory, relative to the repo root, that the commands run in (default: the root)> -->
//   <!-- snippet: validate alerts-definitions|fingerprint-rules -->  (also run through the package's parser)
//   <!-- snippet: skip <why this block cannot be checked> -->
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

const CODE_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);
/** Blocks that show output, diagrams or rule files: not code to run. */
export const PROSE_LANGS = new Set(['', 'text', 'txt', 'mermaid', 'diff']);

/** @param {string} dir @param {(name: string) => boolean} keep */
function walk(dir, keep, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, out);
    else if (keep(name)) out.push(path);
  }
  return out;
}

/** The markdown files whose snippets are checked, relative to the repo root. */
export function docFiles(repoRoot) {
  const files = ['README.md'];
  const inDir = (dir) => (existsSync(join(repoRoot, dir)) ? readdirSync(join(repoRoot, dir)).sort() : []);
  for (const name of inDir('docs')) if (name.endsWith('.md')) files.push(`docs/${name}`);
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const pkg of inDir(group)) {
      if (existsSync(join(repoRoot, group, pkg, 'README.md'))) files.push(`${group}/${pkg}/README.md`);
      for (const nested of walk(join(repoRoot, group, pkg, 'src'), (name) => name === 'README.md').sort()) {
        files.push(relative(repoRoot, nested));
      }
    }
  }
  return files.filter((file) => existsSync(join(repoRoot, file)));
}

/**
 * Fenced blocks of one markdown text, with their language, 1-based line and directives.
 * @param {string} markdown @param {string} file
 */
export function extractBlocks(markdown, file) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end += 1;
    const code = lines.slice(i + 1, end).map((line) => line.slice(open[1].length)).join('\n');
    const before = lines.slice(0, i).join('\n');
    const directives = { prelude: [], cwd: undefined, skip: undefined, validate: undefined };
    const comments = /(?:<!--\s*snippet:(?:(?!-->)[\s\S])*-->\s*)+$/.exec(before)?.[0] ?? '';
    for (const [, kind, value] of comments.matchAll(/<!--\s*snippet:\s*(\w+)\s*([\s\S]*?)\s*-->/g)) {
      if (kind === 'prelude') directives.prelude.push(value);
      else if (kind === 'cwd') directives.cwd = value;
      else if (kind === 'skip') directives.skip = value || 'no reason given';
      else if (kind === 'validate') directives.validate = value;
      else throw new Error(`${file}:${i + 1}: unknown snippet directive "${kind}" (prelude, cwd, validate or skip)`);
    }
    blocks.push({ file, line: i + 1, lang: open[3].toLowerCase(), code: `${code}\n`, directives });
    i = end;
  }
  return blocks;
}

const normalise = (text) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');

/**
 * Files that a package's own `tsc --noEmit` compiles and that hold README snippets (test/*.ts that
 * are not tests, in a package whose tsconfig includes "test").
 */
export function typecheckedSnippetFiles(repoRoot) {
  const files = [];
  for (const group of ['packages', 'apps']) {
    for (const pkg of readdirSync(join(repoRoot, group))) {
      const tsconfigPath = join(repoRoot, group, pkg, 'tsconfig.json');
      if (!existsSync(tsconfigPath)) continue;
      const tsconfig = ts.parseConfigFileTextToJson(tsconfigPath, readFileSync(tsconfigPath, 'utf8')).config;
      if (!tsconfig?.include?.includes('test')) continue;
      const testDir = join(repoRoot, group, pkg, 'test');
      for (const path of walk(testDir, (name) => name.endsWith('.ts') && !/\.(test|spec)\.ts$/.test(name))) {
        files.push({ path: relative(repoRoot, path), text: normalise(readFileSync(path, 'utf8')) });
      }
    }
  }
  return files;
}

const slug = (block) => `${block.file.replace(/[^a-z0-9]+/gi, '-')}-L${block.line}`;

/**
 * Typechecks ts/js blocks in one tsc program. Returns one problem string per diagnostic, and which
 * blocks were checked where.
 * @param {Array<ReturnType<typeof extractBlocks>[number]>} blocks
 * @param {{ repoRoot: string, workDir: string }} options
 */
export function typecheckBlocks(blocks, { repoRoot, workDir }) {
  const compiledElsewhere = typecheckedSnippetFiles(repoRoot);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const problems = [];
  const checked = [];
  /** @type {Map<string, { block: any, offset: number }>} */
  const byPath = new Map();
  for (const block of blocks) {
    if (!CODE_LANGS.has(block.lang) || block.directives.skip) continue;
    const text = normalise(block.code);
    const elsewhere = text && compiledElsewhere.find((file) => file.text.includes(text));
    if (elsewhere) {
      checked.push({ block, by: elsewhere.path });
      continue;
    }
    const prelude = block.directives.prelude.join('\n');
    const offset = prelude ? prelude.split('\n').length : 0;
    const extension = block.lang.startsWith('t') ? 'ts' : 'mjs';
    const path = join(workDir, `${slug(block)}.${extension}`);
    // `export {}` makes each block a module: its own scope, top-level await allowed.
    writeFileSync(path, `${prelude ? `${prelude}\n` : ''}${block.code}export {};\n`);
    byPath.set(resolve(path), { block, offset });
    checked.push({ block, by: 'tsc' });
  }
  if (byPath.size === 0) return { problems, checked };
  const program = ts.createProgram([...byPath.keys()], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    esModuleInterop: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    typeRoots: [join(workDir, '..', 'node_modules', '@types')],
  });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const entry = diagnostic.file && byPath.get(resolve(diagnostic.file.fileName));
    if (!entry) {
      problems.push(`tsc: ${diagnostic.file?.fileName ?? ''} ${message}`);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const inBlock = line - entry.offset;
    const where = inBlock >= 0 ? `${entry.block.file}:${entry.block.line + 1 + inBlock}` : `${entry.block.file}:${entry.block.line} (prelude)`;
    problems.push(`${where}: TS${diagnostic.code} ${message}`);
  }
  return { problems, checked };
}

/** Parses json and yaml blocks. */
export function parseDataBlock(block) {
  try {
    if (block.lang === 'json') JSON.parse(block.code);
    else if (block.lang === 'yaml' || block.lang === 'yml') {
      for (const document of parseAllDocuments(block.code)) {
        if (document.errors.length > 0) throw document.errors[0];
      }
    } else return [];
  } catch (error) {
    return [`${block.file}:${block.line}: ${block.lang} does not parse: ${error.message}`];
  }
  return [];
}

/** What the shell check needs to know about the repository, read once. */
export function loadWorkspace(repoRoot) {
  const packages = new Map();
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const dir of readdirSync(join(repoRoot, group))) {
      const path = join(repoRoot, group, dir, 'package.json');
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(readFileSync(path, 'utf8'));
      packages.set(manifest.name, { dir: join(repoRoot, group, dir), manifest });
    }
  }
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const knownDependencies = new Set();
  for (const { manifest } of [...packages.values(), { manifest: root }]) {
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) knownDependencies.add(name);
    }
  }
  const bins = new Map();
  for (const { dir, manifest } of packages.values()) {
    for (const [name, file] of Object.entries(manifest.bin ?? {})) bins.set(name, join(dir, file));
  }
  const turboTasks = Object.keys(JSON.parse(readFileSync(join(repoRoot, 'turbo.json'), 'utf8')).tasks);
  return { repoRoot, root, packages, knownDependencies, bins, turboTasks, helps: new Map() };
}

/** Splits a shell text into commands: continuation lines joined, comments dropped, `&& || | ;` split. */
export function shellCommands(code) {
  const joined = code.replace(/\\\n/g, ' ');
  const commands = [];
  for (const rawLine of joined.split('\n')) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    // `$(...)` is one word: its own pipes and semicolons do not split the command.
    const parts = line.replace(/\$\([^)]*\)/g, (sub) => sub.replace(/[|;&]/g, ' ')).split(/\s*(?:&&|\|\||\||;)\s*/);
    for (const part of parts) {
      const tokens = (part.match(/\S*\$\([^)]*\)\S*|'[^']*'|"[^"]*"|\S+/g) ?? []).map((token) => token.replace(/^['"]|['"]$/g, ''));
      if (tokens.length > 0) commands.push(tokens);
    }
  }
  return commands;
}

const ENV_ASSIGNMENT = /^([A-Z][A-Z0-9_]*)=/;
/** Tools from the npm registry that the docs tell you to run with npx. */
const EXTERNAL_NPX = new Set(['@spotlightjs/spotlight']);

function packageAt(workspace, cwd) {
  for (const pkg of workspace.packages.values()) if (resolve(pkg.dir) === resolve(cwd)) return pkg;
  return undefined;
}

function helpOf(workspace, bin) {
  if (!workspace.helps.has(bin)) {
    let text;
    try {
      text = execFileSync(process.execPath, [workspace.bins.get(bin), '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    } catch (error) {
      // A CLI that prints its usage and exits non-zero for --help still documents itself.
      text = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    }
    workspace.helps.set(bin, text);
  }
  return workspace.helps.get(bin);
}

function checkPnpm(args, context) {
  const { workspace, where } = context;
  const problems = [];
  let filter;
  const rest = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--filter' || arg === '-F') filter = args[(i += 1)];
    else if (arg.startsWith('--filter=')) filter = arg.slice('--filter='.length);
    else rest.push(arg);
  }
  const target = filter ? workspace.packages.get(filter) : (packageAt(workspace, context.cwd) ?? { manifest: workspace.root, dir: workspace.repoRoot });
  if (filter && !target) return [`${where}: pnpm --filter ${filter}: no workspace package has that name`];
  const [command, ...params] = rest.filter((arg) => !arg.startsWith('-'));
  const scripts = target.manifest.scripts ?? {};
  if (command === undefined || ['install', 'i', 'exec', 'dlx'].includes(command)) return problems;
  if (command === 'add') {
    for (const name of params) {
      if (name.startsWith('@causal-organism/') && !workspace.packages.has(name)) problems.push(`${where}: pnpm add ${name}: no workspace package has that name`);
      else if (!workspace.knownDependencies.has(name) && !workspace.packages.has(name)) problems.push(`${where}: pnpm add ${name}: no package of the repo depends on it`);
    }
    return problems;
  }
  if (command === 'turbo') {
    const tasks = params[0] === 'run' ? params.slice(1) : params;
    for (const task of tasks) {
      if (!workspace.turboTasks.includes(task)) problems.push(`${where}: turbo task "${task}" is not in turbo.json`);
      const owners = filter ? [target] : [...workspace.packages.values()];
      if (!owners.some((pkg) => pkg.manifest.scripts?.[task])) problems.push(`${where}: turbo run ${task}: ${filter ?? 'no package'} has no "${task}" script`);
    }
    return problems;
  }
  const script = command === 'run' ? params[0] : command;
  if (!scripts[script]) problems.push(`${where}: pnpm ${filter ? `--filter ${filter} ` : ''}${script}: ${target.manifest.name} has no "${script}" script`);
  return problems;
}

function checkPath(path, context, what) {
  if (!path || path.includes('<') || path.startsWith('$')) return [];
  return existsSync(resolve(context.cwd, path)) ? [] : [`${context.where}: ${what} ${path} does not exist (in ${relative(context.workspace.repoRoot, context.cwd) || '.'})`];
}

function checkCli(bin, args, context) {
  const help = helpOf(context.workspace, bin);
  const problems = [];
  const words = args.map((arg) => arg.replace(/^\[|\]$/g, '')).filter(Boolean);
  const subcommand = words.find((word) => !word.startsWith('-'));
  const escaped = subcommand?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (subcommand && !/^\d+$/.test(subcommand) && !new RegExp(`(^|[\\s<|])${escaped}([\\s>|]|$)`, 'm').test(help)) {
    problems.push(`${context.where}: ${bin} ${subcommand}: not a command in \`${bin} --help\``);
  }
  for (const flag of words.filter((word) => word.startsWith('--'))) {
    const name = flag.split('=')[0];
    if (name !== '--help' && !help.includes(name)) problems.push(`${context.where}: ${bin} ${name}: not an option in \`${bin} --help\``);
  }
  return problems;
}

function composeProfiles(path) {
  const compose = parseAllDocuments(readFileSync(path, 'utf8'))[0].toJS();
  return new Set(Object.values(compose.services ?? {}).flatMap((service) => service.profiles ?? []));
}

/**
 * Checks one shell block. Returns problems and the environment variables it assigns.
 * @param {ReturnType<typeof extractBlocks>[number]} block @param {ReturnType<typeof loadWorkspace>} workspace
 */
export function checkShellBlock(block, workspace) {
  const { repoRoot } = workspace;
  // Commands run at the repo root (where a fresh clone starts) unless the block says otherwise.
  let cwd = block.directives.cwd ? join(repoRoot, block.directives.cwd) : repoRoot;
  const problems = [];
  const env = [];
  const pnpmVersion = workspace.root.packageManager.split('@')[1];
  for (const tokens of shellCommands(block.code)) {
    const where = `${block.file}:${block.line} \`${tokens.join(' ')}\``;
    let words = [...tokens];
    if (words[0] === 'export') words = words.slice(1);
    while (words[0] && ENV_ASSIGNMENT.test(words[0])) env.push(ENV_ASSIGNMENT.exec(words.shift())[1]);
    if (tokens[0] === 'export') continue;
    const [command, ...args] = words;
    const context = { workspace, where, cwd };
    if (command === undefined) continue;
    if (command === 'cd') {
      cwd = resolve(cwd, args[0]);
      if (!existsSync(cwd)) problems.push(`${where}: directory does not exist`);
    } else if (command === 'pnpm') problems.push(...checkPnpm(args, context));
    else if (command === 'npx') {
      const [tool, ...toolArgs] = args.filter((arg, index) => !(index === 0 && (arg === '-y' || arg === '--yes')));
      if (tool.startsWith('pnpm@')) {
        if (tool !== `pnpm@${pnpmVersion}`) problems.push(`${where}: ${tool} is not the repo's pnpm (packageManager pnpm@${pnpmVersion})`);
        problems.push(...checkPnpm(toolArgs, context));
      } else if (workspace.bins.has(tool)) problems.push(...checkCli(tool, toolArgs, context));
      else if (EXTERNAL_NPX.has(tool)) continue;
      else problems.push(`${where}: npx ${tool}: not pnpm and not a bin of a workspace package`);
    } else if (workspace.bins.has(command)) problems.push(...checkCli(command, args, context));
    else if (command === 'node') {
      // Inline code takes its directory from the prose around it ("run ... in apps/api"): blocks only.
      if (block.directives.inline) continue;
      for (let i = 0; i < args.length; i += 1) {
        if (args[i] === '--import' || args[i] === '-r' || args[i] === '--require') problems.push(...checkPath(args[(i += 1)], context, 'preloaded module'));
        else if (!args[i].startsWith('-')) {
          problems.push(...checkPath(args[i], context, 'script'));
          break;
        }
      }
    } else if (command === 'docker') {
      const file = args[args.indexOf('-f') + 1];
      if (args[0] === 'build' && args.includes('-f')) problems.push(...checkPath(file, context, 'Dockerfile'));
      if (args[0] === 'compose') {
        const composePath = join(cwd, args.includes('-f') ? file : 'docker-compose.yml');
        if (!existsSync(composePath)) problems.push(`${where}: ${relative(repoRoot, composePath)} does not exist`);
        else {
          const profiles = composeProfiles(composePath);
          for (let i = 0; i < args.length; i += 1) {
            if (args[i] === '--profile' && !profiles.has(args[i + 1])) problems.push(`${where}: docker compose has no profile "${args[i + 1]}"`);
          }
        }
      }
    } else if (command === 'kubectl') {
      if (args[0] === 'create' && args[1] === 'secret') {
        const name = args[3];
        const manifests = walk(join(repoRoot, 'deploy'), (file) => /\.ya?ml$/.test(file)).map((path) => readFileSync(path, 'utf8')).join('\n');
        if (!new RegExp(`name: ${name}\\b`).test(manifests)) problems.push(`${where}: no manifest under deploy/ uses a secret named ${name}`);
      }
    } else if (!['git', 'curl', 'echo', 'open'].includes(command)) {
      problems.push(`${where}: unknown command "${command}": teach tooling/docs-check/snippets.mjs how to check it, or mark the block <!-- snippet: skip why -->`);
    }
  }
  return { problems, env };
}

/** Names in `SentryEnvName`, read from core-config's built type declarations. */
export function coreConfigEnvNames(repoRoot) {
  // tsup may put the type in a shared chunk next to index.d.ts.
  const dist = join(repoRoot, 'packages/core-config/dist');
  const declarations = existsSync(dist) ? walk(dist, (name) => name.endsWith('.d.ts')).map((path) => readFileSync(path, 'utf8')).join('\n') : '';
  const union = /type SentryEnvName =([^;]+);/.exec(declarations)?.[1];
  if (!union) throw new Error('packages/core-config/dist/*.d.ts has no `type SentryEnvName = ...;`: build core-config');
  return new Set([...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]));
}

/** Source text (not tests, not builds) in which an environment variable must be read to be documented. */
export function sourceText(repoRoot) {
  const keep = (name) => /\.(ts|mts|mjs|js|cjs)$/.test(name) && !/\.(test|spec)\./.test(name) && !name.endsWith('.d.ts');
  return ['packages', 'apps', 'tooling']
    .flatMap((group) => walk(join(repoRoot, group), keep))
    .filter((path) => !path.includes(`${join('tooling', 'docs-check')}`))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

/**
 * Variables and links in the prose and blocks of one markdown file.
 * @param {{ file: string, markdown: string, repoRoot: string, sentryNames: Set<string>, sources: string }} input
 */
export function checkProse({ file, markdown, repoRoot, sentryNames, sources }) {
  const problems = [];
  const lines = markdown.split('\n');
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    for (const [name] of line.matchAll(/\bSENTRY_[A-Z0-9_]*[A-Z0-9]\b/g)) {
      if (!sentryNames.has(name) && !new RegExp(`\\b${name}\\b`).test(sources)) {
        problems.push(`${where}: ${name} is neither a core-config variable (SentryEnvName) nor read by any source in the repo`);
      }
    }
    for (const [, name] of line.matchAll(/(?:^|[\s`(])([A-Z][A-Z0-9]*_[A-Z0-9_]+)=/g)) {
      if (!name.startsWith('SENTRY_') && !new RegExp(`\\b${name}\\b`).test(sources)) problems.push(`${where}: ${name} is not read by any source in the repo`);
    }
    for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split('#');
      const absolute = path ? resolve(dirname(join(repoRoot, file)), path) : join(repoRoot, file);
      if (!existsSync(absolute)) problems.push(`${where}: link target ${target} does not exist`);
      else if (anchor && absolute.endsWith('.md') && !headingAnchors(readFileSync(absolute, 'utf8')).has(anchor)) {
        problems.push(`${where}: link target ${target}: no heading with that anchor`);
      }
    }
  });
  return problems;
}

/**
 * Blocks marked `<!-- snippet: validate ... -->` go through the real parser of the package whose
 * input they show, so an alerts file or a fingerprint rules file in the docs is one the tools accept.
 */
export async function validateBlock(block) {
  const where = `${block.file}:${block.line}`;
  if (block.directives.validate === 'alerts-definitions') {
    const { parseAlertDefinitions } = await import('@causal-organism/alerts');
    const result = parseAlertDefinitions(JSON.parse(block.code));
    return result.ok ? [] : result.issues.map((issue) => `${where}: alerts definitions: ${issue}`);
  }
  if (block.directives.validate === 'fingerprint-rules') {
    const { parseRules } = await import('@causal-organism/fingerprints');
    try {
      parseRules(block.code);
      return [];
    } catch (error) {
      return [`${where}: fingerprint rules: ${error.message}`];
    }
  }
  return [`${where}: unknown validator "${block.directives.validate}" (alerts-definitions or fingerprint-rules)`];
}

/**
 * Commands in inline code (`pnpm ...`, `npx ...`, the repo's CLIs) outside fenced blocks, checked
 * like shell blocks, in the package the README belongs to or at the root. (`node app.js` in prose is
 * usually an example for your own service, or runs where the prose says, so `node` paths are checked
 * in blocks only.)
 * Spans with a placeholder (`<app>`, `...`) or a list of alternatives (`a | b`, `plan|apply`) are prose, not commands.
 */
export function checkInlineCommands({ file, markdown, workspace }) {
  const { repoRoot } = workspace;
  let packageDir = dirname(join(repoRoot, file));
  while (packageDir !== repoRoot && !existsSync(join(packageDir, 'package.json'))) packageDir = dirname(packageDir);
  const problems = [];
  let inFence = false;
  markdown.split('\n').forEach((line, index) => {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) return;
    for (const [, span] of line.matchAll(/(?<!`)`([^`]+)`(?!`)/g)) {
      if (!/^(npx |pnpm |sentry-stats |sentry-alerts |local-sentry )/.test(span) || /[<|…]|\.\.\./.test(span)) continue;
      // Prose says "`pnpm bench`" of the package or of the whole repo; either is a real command.
      const found = [relative(repoRoot, packageDir), '.'].map((cwd) => {
        const block = { file, line: index + 1, lang: 'sh', code: `${span}\n`, directives: { prelude: [], cwd, skip: undefined, inline: true } };
        return checkShellBlock(block, workspace).problems;
      });
      const best = found.find((list) => list.length === 0) ?? found[0];
      problems.push(...best.map((problem) => problem.replace(`${file}:${index + 1} `, `${file}:${index + 1} (inline) `)));
    }
  });
  return problems;
}

/** GitHub's heading anchors of a markdown text: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchors(markdown) {
  const anchors = new Set();
  const seen = new Map();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/**
 * Environment variables an app's config reads (`env.NAME` and quoted upper-case names in
 * src/config.ts) that its README does not document as `NAME`.
 */
export function undocumentedAppVariables(repoRoot, app) {
  const source = readFileSync(join(repoRoot, 'apps', app, 'src', 'config.ts'), 'utf8');
  const readme = readFileSync(join(repoRoot, 'apps', app, 'README.md'), 'utf8');
  const names = new Set([...source.matchAll(/env\.([A-Z][A-Z0-9_]+)|'([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1] ?? match[2]));
  return [...names].filter((name) => !readme.includes(`\`${name}\``));
}
