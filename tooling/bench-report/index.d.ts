/** One row of docs/performance.md: a figure measured beside its baseline in the same run. */
export interface BenchFigure {
  /** Stable id, unique within the package, e.g. `scrub-reference-event`. Rows are replaced by id. */
  id: string;
  /** What was measured, e.g. "scrubbing, full rule set, reference event". */
  figure: string;
  /** The measured result with units, e.g. "111.8 µs". */
  result: string;
  /** The baseline measured in the same run, e.g. "`JSON.stringify` 54.2 µs"; "—" when there is none. */
  baseline: string;
  /** The goal, e.g. "≤ 2x"; "—" when there is none. */
  goal: string;
  /** The ratio or verdict shown next to the goal, e.g. "2.06x". */
  ratio?: string;
  /** Whether the goal is met; null when there is no goal. */
  met: boolean | null;
  /** Command that reproduces the figure, relative to the package directory. */
  command: string;
}

export interface RecordOptions {
  /** Package name as shown in the table, e.g. `packages/scrubbing`. */
  source: string;
  /** Repository root; found from this module's location when omitted. */
  repoRoot?: string;
}

/**
 * Records figures for `source` in `.bench-results/` at the repository root, replacing rows with
 * the same id and keeping the others, so that one script can record part of a package's figures.
 */
export function recordFigures(figures: BenchFigure[], options: RecordOptions): string;

/** Renders every recorded figure as the markdown of docs/performance.md. */
export function renderPerformance(repoRoot?: string): string;
