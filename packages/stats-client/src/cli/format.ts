const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A one-line plain-text sparkline, scaled from 0 to the maximum (so a flat zero line stays at the floor). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return BARS[0]!.repeat(values.length);
  return values.map((v) => BARS[Math.min(BARS.length - 1, Math.round((Math.max(0, v) / max) * (BARS.length - 1)))]).join('');
}

/** Left-aligned text table; `maxWidths` truncates long cells with an ellipsis. */
export function table(rows: ReadonlyArray<readonly string[]>, maxWidths: readonly number[] = []): string {
  const cut = rows.map((row) => row.map((cell, i) => (maxWidths[i] && cell.length > maxWidths[i] ? `${cell.slice(0, maxWidths[i] - 1)}…` : cell)));
  const widths = cut[0]?.map((_, i) => Math.max(...cut.map((r) => r[i]?.length ?? 0))) ?? [];
  return cut.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
