#!/usr/bin/env node
// Rewrites docs/performance.md from the figures the benchmarks recorded in .bench-results/.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPerformance } from './index.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = join(repoRoot, 'docs', 'performance.md');
writeFileSync(target, renderPerformance(repoRoot));
console.log(`wrote ${target}`);
