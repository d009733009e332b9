import { StatsClientConfigError } from '../errors';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Parses a Sentry-style period (`30s`, `1m`, `24h`, `14d`, `2w`) or a number of seconds.
 * Throws a `StatsClientConfigError` naming `option` for anything else.
 */
export function parseDurationSeconds(value: string | number, option: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return value;
  } else {
    const match = /^(\d+)([smhdw])$/.exec(value.trim());
    if (match) {
      const seconds = Number(match[1]) * UNITS[match[2]!]!;
      if (seconds > 0) return seconds;
    }
  }
  throw new StatsClientConfigError(
    `Invalid ${option} ${JSON.stringify(value)}: use a period like "30m", "1h", "24h", "14d" or a positive number of seconds.`,
    { code: 'invalid_option', option },
  );
}

/** Seconds as Sentry's `statsPeriod` string (`3600` -> `3600s` is accepted, but `1h` reads better in logs). */
export function toStatsPeriod(seconds: number): string {
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${Math.round(seconds)}s`;
}
