// `check:pkg` for a private app (publint/attw are for published packages): checks that the build
// holds what production starts, and that the start command is the documented one, so the
// Dockerfile, the Kubernetes manifests and the demo (which copy it) cannot drift from it.
import { existsSync, readFileSync } from 'node:fs';

const START = 'node --import ./dist/instrument.js ./dist/server.js';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
if (pkg.private !== true) problems.push('package.json: an app must be "private": true');
if (pkg.scripts?.start !== START) problems.push(`package.json: scripts.start must be "${START}"`);
for (const file of ['dist/instrument.js', 'dist/server.js', 'dist/web/app.js']) {
  if (!existsSync(file)) problems.push(`${file} is missing: run the build`);
}
// Sentry v11 must be initialised before express loads: the instrument bundle may not import it.
if (existsSync('dist/instrument.js') && /from ['"](express|pg|ioredis|bullmq)['"]/.test(readFileSync('dist/instrument.js', 'utf8'))) {
  problems.push('dist/instrument.js imports an instrumented library; it must only initialise Sentry');
}
if (!readFileSync('README.md', 'utf8').includes(START)) problems.push(`README.md must show the start command "${START}"`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`ok: ${START}`);
