// recordFigures() and renderPerformance() against a temporary repository root, so the real
// .bench-results/ and docs/performance.md are never touched.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordFigures, renderPerformance } from './index.mjs';

/** @param {Partial<import('./index.d.ts').BenchFigure>} overrides */
const figure = (overrides = {}) => ({
  id: 'scrub-reference-event',
  figure: 'scrubbing, full rule set, reference event',
  result: '60.1 µs',
  baseline: '`JSON.stringify` 33.0 µs',
  goal: '≤ 2x',
  ratio: '1.82x',
  met: true,
  command: 'pnpm bench',
  ...overrides,
});

/** @param {string} markdown */
const tableRows = (markdown) => markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| source '));

describe('bench-report', () => {
  let repoRoot = '';
  beforeEach(() => {
    repoRoot = mkdtempSync(join(tmpdir(), 'bench-report-'));
  });
  afterEach(() => rmSync(repoRoot, { recursive: true, force: true }));

  it('renders recorded figures as one table row each, with goal, baseline, verdict and command', () => {
    const path = recordFigures([figure(), figure({ id: 'bundle', figure: 'engine bundle', result: '11.6 KB | gzip', baseline: '—', goal: '≤ 6 KB', ratio: undefined, met: false, command: 'node bench/size.mjs' })], {
      source: 'packages/scrubbing',
      repoRoot,
    });
    expect(path).toBe(join(repoRoot, '.bench-results', 'packages-scrubbing.json'));
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    expect(stored.source).toBe('packages/scrubbing');
    expect(stored.figures[0]).toMatchObject({ id: 'scrub-reference-event', machine: { node: process.version } });
    expect(Date.parse(stored.figures[0].measuredAt)).not.toBeNaN();

    const markdown = renderPerformance(repoRoot);
    expect(markdown).toContain('| source | figure | result | baseline (same run) | goal | met | command |');
    expect(tableRows(markdown)).toEqual([
      '| packages/scrubbing | scrubbing, full rule set, reference event | 60.1 µs | `JSON.stringify` 33.0 µs | ≤ 2x | **1.82x** yes | `pnpm bench` |',
      // A "|" inside a cell is escaped so that it cannot split the row.
      '| packages/scrubbing | engine bundle | 11.6 KB \\| gzip | — | ≤ 6 KB | no | `node bench/size.mjs` |',
    ]);
    expect(markdown).toMatch(/Measured \d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d UTC on \d+-vCPU, Node v/);
  });

  it('replaces a figure with the same id and keeps the others from an earlier script', () => {
    recordFigures([figure({ id: 'capture-cost', result: '1500 µs' }), figure({ id: 'delivery-burst', result: '99%' })], { source: 'packages/core-config', repoRoot });
    recordFigures([figure({ id: 'capture-cost', result: '1300 µs', met: null, ratio: undefined, goal: '—' })], { source: 'packages/core-config', repoRoot });
    const rows = tableRows(renderPerformance(repoRoot));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('| 99% |');
    // A figure without a goal shows a dash, not yes or no.
    expect(rows[1]).toContain('| 1300 µs |');
    expect(rows[1]).toContain('| — | — |');
  });

  it('sorts sources in the order the repository reads (core-config first), sources it does not know last by name', () => {
    for (const source of ['tooling/zeta', 'packages/alerts', 'apps/api', 'tooling/alpha', 'packages/core-config']) {
      recordFigures([figure({ figure: `figure of ${source}` })], { source, repoRoot });
    }
    const order = tableRows(renderPerformance(repoRoot)).map((row) => row.split(' | ')[0].slice(2));
    expect(order).toEqual(['packages/core-config', 'apps/api', 'packages/alerts', 'tooling/alpha', 'tooling/zeta']);
  });

  it('says that nothing was recorded when no benchmark ran', () => {
    expect(renderPerformance(repoRoot)).toContain('No figures recorded yet: run `pnpm bench`.');
  });
});
