import * as v from 'valibot';
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

const boolean = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.check((s) => BOOL_WORDS.includes(s), 'must be true or false (also accepted: 1/0, yes/no, on/off)'),
  v.transform((s) => TRUE_WORDS.includes(s)),
);

const rate = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^(?:\d+(?:\.\d*)?|\.\d+)$/, 'must be a number between 0 and 1'),
  v.transform(Number),
  v.maxValue(1, 'must be a number between 0 and 1'),
);

const positiveInteger = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d+$/, 'must be a whole number'),
  v.transform(Number),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(1_000_000, 'must be at most 1000000'),
);

// Sentry rejects environments longer than 64 characters or containing slashes or line breaks.
const environment = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(64, 'must be at most 64 characters'),
  v.regex(/^[^\r\n\t/\\]+$/, 'must not contain slashes, tabs or line breaks'),
);

// Release name rules from Sentry's docs: at most 200 characters, no slashes or line breaks, not "." or "..".
const release = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(200, 'must be at most 200 characters'),
  v.regex(/^[^\r\n\t/\\]+$/, 'must not contain slashes, tabs or line breaks'),
  v.check((s) => s !== '.' && s !== '..', 'must not be "." or ".."'),
);

const spotlight = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (s) => BOOL_WORDS.includes(s.toLowerCase()) || /^https?:\/\/[^\s]+$/.test(s),
    'must be true, false or the http(s) URL of a Spotlight sidecar',
  ),
  v.transform((s): boolean | string => (BOOL_WORDS.includes(s.toLowerCase()) ? TRUE_WORDS.includes(s.toLowerCase()) : s)),
);

const text = v.pipe(v.string(), v.trim(), v.maxLength(1024, 'must be at most 1024 characters'));

interface VariableSpec {
  key: keyof SentryEnvConfig;
  schema: v.GenericSchema<string, unknown>;
  example: string;
}

const SPECS: Record<Exclude<SentryEnvName, 'SENTRY_DSN'>, VariableSpec> = {
  SENTRY_ENVIRONMENT: { key: 'environment', schema: environment, example: 'staging' },
  SENTRY_RELEASE: { key: 'release', schema: release, example: 'api@1.4.2' },
  SENTRY_DEBUG: { key: 'debug', schema: boolean, example: 'true' },
  SENTRY_SAMPLE_RATE: { key: 'sampleRate', schema: rate, example: '0.25' },
  SENTRY_TRACES_SAMPLE_RATE: { key: 'tracesSampleRate', schema: rate, example: '0.1' },
  SENTRY_SPOTLIGHT: { key: 'spotlight', schema: spotlight, example: 'http://localhost:8969/stream' },
  SENTRY_SERVER_NAME: { key: 'serverName', schema: text, example: 'api-7f9c' },
  SENTRY_THROTTLE_PER_MINUTE: { key: 'throttlePerMinute', schema: positiveInteger, example: '60' },
  SENTRY_LOCAL_VARIABLES: { key: 'localVariables', schema: boolean, example: 'false' },
  SENTRY_SPOOL_DIR: { key: 'spoolDir', schema: text, example: '/var/lib/api/sentry-spool' },
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
    const result = v.safeParse(spec.schema, raw);
    if (result.success) values[spec.key] = result.output;
    else issues.push({ name, value: raw.slice(0, 200), problem: result.issues[0].message, example: spec.example });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export { maskDsn };
