import { dsnIssue, maskDsn, parseDsn } from './dsn';
import type { ConfigIssue } from './errors';

/** Configuration read from `SENTRY_*` variables, validated and typed. Unset variables are absent. */
export interface SentryEnvConfig {
  /** `SENTRY_DSN`. Unset: the SDK runs disabled. */
  dsn?: string;
  /** `SENTRY_ENVIRONMENT`. @default 'production' */
  environment: string;
  /** `SENTRY_RELEASE`. */
  release?: string;
  /** `SENTRY_DEBUG`. @default false */
  debug: boolean;
  /** `SENTRY_SAMPLE_RATE`: share of error events sent, 0..1. @default 1 */
  sampleRate?: number;
  /** `SENTRY_TRACES_SAMPLE_RATE`: share of traces, 0..1. Unset: tracing off (no span work at all). */
  tracesSampleRate?: number;
  /** `SENTRY_SPOTLIGHT`: `true`, `false` or the sidecar's URL. */
  spotlight?: boolean | string;
  /** `SENTRY_SERVER_NAME`. */
  serverName?: string;
  /** `SENTRY_THROTTLE_PER_MINUTE`: events per issue group per minute before the throttle holds back. @default 60 */
  throttlePerMinute?: number;
  /** `SENTRY_LOCAL_VARIABLES`: attach stack-frame local variables (scrubbed). @default false */
  localVariables?: boolean;
  /** `SENTRY_SPOOL_DIR`: directory where events wait while Sentry is unreachable. */
  spoolDir?: string;
}

/** Names of the variables this package reads. */
export type SentryEnvName =
  | 'SENTRY_DSN'
  | 'SENTRY_ENVIRONMENT'
  | 'SENTRY_RELEASE'
  | 'SENTRY_DEBUG'
  | 'SENTRY_SAMPLE_RATE'
  | 'SENTRY_TRACES_SAMPLE_RATE'
  | 'SENTRY_SPOTLIGHT'
  | 'SENTRY_SERVER_NAME'
  | 'SENTRY_THROTTLE_PER_MINUTE'
  | 'SENTRY_LOCAL_VARIABLES'
  | 'SENTRY_SPOOL_DIR';

/** Result of {@link parseSentryEnv}: the config, or every problem found (not just the first). */
export type ParseEnvResult = { ok: true; config: SentryEnvConfig } | { ok: false; issues: ConfigIssue[] };

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const BOOL_WORDS = [...TRUE_WORDS, 'false', '0', 'no', 'off'];

// Hand-written validators rather than a schema library: eleven string variables don't need one,
// and the browser entry ships this code to every page (valibot cost 1.5 KB gzip there).
// Each takes the trimmed value and returns the typed value or the problem; the first problem wins.
type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };
type Validator = (value: string) => Parsed;

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (problem: string): Parsed => ({ ok: false, problem });

const RATE_PROBLEM = 'must be a number between 0 and 1';
const SPOTLIGHT_PROBLEM = 'must be true, false or the http(s) URL of a Spotlight sidecar';

/** The word as a boolean, or undefined when it is not one of the accepted words. */
function toBoolean(value: string): boolean | undefined {
  const word = value.toLowerCase();
  return BOOL_WORDS.includes(word) ? TRUE_WORDS.includes(word) : undefined;
}

const boolean: Validator = (value) => {
  const parsed = toBoolean(value);
  return parsed === undefined ? bad('must be true or false (also accepted: 1/0, yes/no, on/off)') : ok(parsed);
};

const rate: Validator = (value) =>
  /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(value) && Number(value) <= 1 ? ok(Number(value)) : bad(RATE_PROBLEM);

const positiveInteger: Validator = (value) => {
  if (!/^\d+$/.test(value)) return bad('must be a whole number');
  const n = Number(value);
  if (n < 1) return bad('must be at least 1');
  return n > 1_000_000 ? bad('must be at most 1000000') : ok(n);
};

const maxLength = (value: string, max: number): Parsed | undefined =>
  value.length > max ? bad(`must be at most ${max} characters`) : undefined;

// Sentry rejects environments and releases with slashes or line breaks; at most 64 characters for
// an environment, 200 for a release (which must also not be "." or ".."), from Sentry's docs.
const name =
  (max: number): Validator =>
  (value) =>
    maxLength(value, max) ?? (/^[^\r\n\t/\\]+$/.test(value) ? ok(value) : bad('must not contain slashes, tabs or line breaks'));

const environment = name(64);

const release: Validator = (value) => {
  const parsed = name(200)(value);
  return parsed.ok && (value === '.' || value === '..') ? bad('must not be "." or ".."') : parsed;
};

const spotlight: Validator = (value) => {
  const parsed = toBoolean(value);
  if (parsed !== undefined) return ok(parsed);
  return /^https?:\/\/[^\s]+$/.test(value) ? ok(value) : bad(SPOTLIGHT_PROBLEM);
};

const text: Validator = (value) => maxLength(value, 1024) ?? ok(value);

interface VariableSpec {
  key: keyof SentryEnvConfig;
  parse: Validator;
  example: string;
}

const SPECS: Record<Exclude<SentryEnvName, 'SENTRY_DSN'>, VariableSpec> = {
  SENTRY_ENVIRONMENT: { key: 'environment', parse: environment, example: 'staging' },
  SENTRY_RELEASE: { key: 'release', parse: release, example: 'api@1.4.2' },
  SENTRY_DEBUG: { key: 'debug', parse: boolean, example: 'true' },
  SENTRY_SAMPLE_RATE: { key: 'sampleRate', parse: rate, example: '0.25' },
  SENTRY_TRACES_SAMPLE_RATE: { key: 'tracesSampleRate', parse: rate, example: '0.1' },
  SENTRY_SPOTLIGHT: { key: 'spotlight', parse: spotlight, example: 'http://localhost:8969/stream' },
  SENTRY_SERVER_NAME: { key: 'serverName', parse: text, example: 'api-7f9c' },
  SENTRY_THROTTLE_PER_MINUTE: { key: 'throttlePerMinute', parse: positiveInteger, example: '60' },
  SENTRY_LOCAL_VARIABLES: { key: 'localVariables', parse: boolean, example: 'false' },
  SENTRY_SPOOL_DIR: { key: 'spoolDir', parse: text, example: '/var/lib/api/sentry-spool' },
};

/**
 * Reads and validates the `SENTRY_*` variables from an environment record (`process.env` in Node,
 * an object the page provides in the browser). Empty strings count as unset, as in most
 * orchestrators. Returns every problem at once, so a deploy is fixed in one round.
 */
export function parseSentryEnv(env: Readonly<Record<string, string | undefined>>): ParseEnvResult {
  const issues: ConfigIssue[] = [];
  const config: SentryEnvConfig = { environment: 'production', debug: false };
  const values = config as unknown as Record<string, unknown>;

  const dsn = present(env.SENTRY_DSN);
  if (dsn !== undefined) {
    const parsed = parseDsn(dsn);
    if (parsed.ok) config.dsn = dsn.trim();
    else issues.push(dsnIssue(dsn, parsed.problem));
  }

  for (const [name, spec] of Object.entries(SPECS)) {
    const raw = present(env[name]);
    if (raw === undefined) continue;
    const result = spec.parse(raw.trim());
    if (result.ok) values[spec.key] = result.value;
    else issues.push({ name, value: raw.slice(0, 200), problem: result.problem, example: spec.example });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export { maskDsn };
