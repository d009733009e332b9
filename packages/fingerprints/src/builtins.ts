import { EventView } from './internal/event';
import type { FingerprintEvent, FingerprintFrame } from './types';

/**
 * The tags the platform rules key on. The integration sets them from the error object (when it
 * can tell), and application code may set them itself; the built-in rules below only read tags,
 * so the same text works unchanged as a server-side rule on Sentry.
 */
export const PLATFORM_TAGS = {
  /** `export`, `database-connection` or `validation`. */
  category: 'error.category',
  /** OpenTelemetry's `db.system`: `postgresql`, `redis`, … */
  dbSystem: 'db.system',
  /** How the connection failed: `refused`, `reset`, `timeout`, `dns`, `auth`, `pool-exhausted`, `unavailable`. */
  dbFailure: 'db.connection_failure',
  /** The parameterised route of a validation error: `POST /users/:id`. */
  endpoint: 'error.endpoint',
} as const;

/**
 * The platform's three grouping rules (requirement 17.3), in Sentry's rule language:
 *
 * ```text
 * tags.error.category:export -> export-error, {{ error.type }}
 * tags.error.category:database-connection -> database-connection-error, {{ tags.db.system }}, {{ error.type }}
 * tags.error.category:validation -> validation-error, {{ tags.error.endpoint }}
 * ```
 */
export const BUILTIN_RULES_TEXT = /* @__PURE__ */ [
  '# @causal-organism/fingerprints platform rules (requirement 17.3). The SDK integration sets the tags.',
  'tags.error.category:export -> export-error, {{ error.type }}',
  'tags.error.category:database-connection -> database-connection-error, {{ tags.db.system }}, {{ error.type }}',
  'tags.error.category:validation -> validation-error, {{ tags.error.endpoint }}',
].join('\n');


export { builtinRules } from './builtin-rules';

const EXPORT_BRAND = Symbol.for('@causal-organism/fingerprints/export-error');
const VALIDATION_BRAND = Symbol.for('@causal-organism/fingerprints/validation-error');
const DB_BRAND = Symbol.for('@causal-organism/fingerprints/db-system');

/**
 * Base class for errors of the export code path. Subclass it so each kind keeps its own type in
 * the fingerprint (`class CsvEncodingError extends ExportError {}` groups as
 * `['export-error', 'CsvEncodingError']`). To mark an error you did not create, use
 * {@link markExportError}.
 */
export class ExportError extends Error {
  // Set in the constructor, not as a class field: a computed field key makes bundlers keep the
  // class in every bundle that imports this module, used or not.
  declare readonly [EXPORT_BRAND]: true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    (this as { [EXPORT_BRAND]: boolean })[EXPORT_BRAND] = true;
  }

  /** True for instances from any copy of this package, and for errors passed to {@link markExportError}. */
  static isInstance(value: unknown): boolean {
    return hasBrand(value, EXPORT_BRAND);
  }
}

/**
 * Base class for request-validation errors. The fingerprint is the endpoint, not the type:
 * `['validation-error', 'POST /users/:id']`. Errors named `ValidationError`, `ValiError` (valibot)
 * or `ZodError` are recognised without it.
 */
export class ValidationError extends Error {
  // Set in the constructor, not as a class field: a computed field key makes bundlers keep the
  // class in every bundle that imports this module, used or not.
  declare readonly [VALIDATION_BRAND]: true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    (this as { [VALIDATION_BRAND]: boolean })[VALIDATION_BRAND] = true;
  }

  /** True for instances from any copy of this package. */
  static isInstance(value: unknown): boolean {
    return hasBrand(value, VALIDATION_BRAND);
  }
}

/** Marks any error as an export error, keeping its own type for the fingerprint. Returns it. */
export function markExportError<E>(error: E): E {
  return brand(error, EXPORT_BRAND, true);
}

/**
 * States which database an error came from (`'postgresql'`, `'redis'`, …), for raw socket errors
 * that carry no trace of their driver (`connect ECONNREFUSED 127.0.0.1:6380` from an ioredis
 * `error` listener). Returns the error.
 */
export function markDatabaseError<E>(error: E, dbSystem: string): E {
  return brand(error, DB_BRAND, dbSystem);
}

function brand<E>(error: E, key: symbol, value: unknown): E {
  if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
    try {
      Object.defineProperty(error, key, { value, enumerable: false, configurable: true });
    } catch {
      // Frozen errors cannot be marked; the tag route still works.
    }
  }
  return error;
}

function hasBrand(value: unknown, key: symbol): boolean {
  return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[key] !== undefined;
}

/** How a database connection failed. */
export type DatabaseFailure = 'refused' | 'reset' | 'timeout' | 'dns' | 'auth' | 'pool-exhausted' | 'unavailable';

/** What {@link classifyPlatformError} found. */
export type PlatformClassification =
  | { category: 'export' }
  | { category: 'database-connection'; dbSystem: string; failure: DatabaseFailure }
  | { category: 'validation'; endpoint: string };

/** Which built-ins to recognise. */
export interface BuiltinSelection {
  /** @default true */
  export?: boolean;
  /** @default true */
  databaseConnection?: boolean;
  /** @default true */
  validation?: boolean;
  /** Error names treated as validation errors. @default ['ValidationError', 'ValiError', 'ZodError'] */
  validationErrorNames?: string[];
}

const DEFAULT_VALIDATION_NAMES = ['ValidationError', 'ValiError', 'ZodError'];

/**
 * Decides whether an event is one of the platform's three kinds, from the tags already set, the
 * original error (and its `cause` chain) when given, and otherwise the event's exceptions and frames.
 * Export and validation need an explicit marker; database connection errors are recognised from
 * real `pg`/`pg-pool` and `ioredis` failures (see the README for the exact list).
 */
export function classifyPlatformError(event: FingerprintEvent, options: ClassifyOptions = {}): PlatformClassification | undefined {
  return classifyWith(event, options, classifyDatabase);
}

/** What the classifier is given: the original error, and which built-ins to recognise. */
interface ClassifyOptions {
  error?: unknown;
  builtins?: BuiltinSelection;
}

/**
 * Recognises database connection failures (server-side drivers: pg, ioredis, …). The browser entry
 * passes none: a page has no database drivers, and their messages and codes are most of the
 * classifier's bytes.
 */
export type DatabaseClassifier = (view: EventView, chain: unknown[]) => PlatformClassification | undefined;

/** {@link classifyPlatformError} with the database classifier passed in (shared by both entries). */
export function classifyWith(event: FingerprintEvent, options: ClassifyOptions, classifyDb: DatabaseClassifier | undefined): PlatformClassification | undefined {
  const sel = options.builtins ?? {};
  const view = new EventView(event, undefined);
  const chain = causeChain(options.error);
  const taggedCategory = view.tag(PLATFORM_TAGS.category);

  if (sel.export !== false && (taggedCategory === 'export' || chain.some((e) => hasBrand(e, EXPORT_BRAND)))) {
    return { category: 'export' };
  }
  if (sel.databaseConnection !== false && classifyDb !== undefined) {
    const db = classifyDb(view, chain);
    if (db !== undefined) return db;
  }
  if (sel.validation !== false) {
    const names = sel.validationErrorNames ?? DEFAULT_VALIDATION_NAMES;
    const exceptions = view.exceptions();
    const isValidation =
      taggedCategory === 'validation' ||
      chain.some((e) => hasBrand(e, VALIDATION_BRAND) || names.includes(errorName(e) ?? '')) ||
      (chain.length === 0 && exceptions.some((e) => names.includes(e.type ?? '')));
    if (isValidation) return { category: 'validation', endpoint: endpointOf(event, view) };
  }
  return undefined;
}

/**
 * Runs {@link classifyPlatformError} and writes the result as tags (never overwriting a tag the
 * application set). Returns the classification. Used by the integration before the rules run.
 */
export function tagPlatformError(event: FingerprintEvent, options: ClassifyOptions = {}): PlatformClassification | undefined {
  return tagWith(event, options, classifyDatabase);
}

/** {@link tagPlatformError} with the database classifier passed in (shared by both entries). */
export function tagWith(event: FingerprintEvent, options: ClassifyOptions, classifyDb: DatabaseClassifier | undefined): PlatformClassification | undefined {
  const found = classifyWith(event, options, classifyDb);
  if (found === undefined) return undefined;
  const tags = ensureTags(event);
  const added: Record<string, string> = {};
  let count = 0;
  const set = (key: string, value: string) => {
    if (tags[key] === undefined || tags[key] === null || tags[key] === '') {
      added[key] = value;
      count++;
    }
  };
  set(PLATFORM_TAGS.category, found.category);
  if (found.category === 'database-connection') {
    set(PLATFORM_TAGS.dbSystem, found.dbSystem);
    set(PLATFORM_TAGS.dbFailure, found.failure);
  }
  if (found.category === 'validation') set(PLATFORM_TAGS.endpoint, found.endpoint);
  // A new object rather than new keys on the SDK's: adding keys one by one to the object
  // @sentry/core spread-merged from the scope costs about a microsecond per key (V8 map
  // transitions); copying it once into a fresh object costs a fraction of that.
  if (count > 0 || tags !== event.tags) event.tags = Object.assign({}, tags, added);
  return found;
}

function ensureTags(event: FingerprintEvent): Record<string, unknown> {
  if (Array.isArray(event.tags)) return Object.fromEntries(event.tags);
  if (event.tags === undefined || event.tags === null || typeof event.tags !== 'object') return {};
  return event.tags;
}

function causeChain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e = error;
  while (e !== null && typeof e === 'object' && out.length < 10 && !out.includes(e)) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

function errorName(e: unknown): string | undefined {
  if (e === null || typeof e !== 'object') return undefined;
  const name = (e as { name?: unknown }).name;
  const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== 'Error' && name !== 'error' ? name : typeof ctor === 'string' ? ctor : undefined;
}

// ---------------------------------------------------------------------------------------------
// Database connection failures

/** The facts one error offers, whether read from the Error object or from the event's exception. */
interface Facts {
  name: string;
  message: string;
  code?: string;
  port?: number;
  severity?: string;
  routine?: string;
  stack: string;
  dbSystem?: string;
}

const NET_CODES: Readonly<Record<string, DatabaseFailure>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
  EADDRNOTAVAIL: 'unavailable',
};

// Messages the drivers produce themselves (pg 8, pg-pool 3, ioredis 5/6), with the database they imply.
const DRIVER_MESSAGES: ReadonlyArray<[RegExp, DatabaseFailure, string | undefined]> = [
  [/^Connection terminated due to connection timeout/, 'timeout', 'postgresql'],
  [/^Connection terminated unexpectedly/, 'reset', 'postgresql'],
  [/^timeout exceeded when trying to connect$/, 'pool-exhausted', 'postgresql'],
  [/^Client has encountered a connection error and is not queryable/, 'reset', 'postgresql'],
  [/^sorry, too many clients already/, 'pool-exhausted', 'postgresql'],
  [/^remaining connection slots are reserved/, 'pool-exhausted', 'postgresql'],
  [/^Reached the max retries per request limit/, 'unavailable', 'redis'],
  [/^Connection is closed\.?$/, 'reset', undefined],
  [/^Stream isn't writeable and enableOfflineQueue options is false/, 'unavailable', 'redis'],
  [/^Command timed out$/, 'timeout', undefined],
  [/^(WRONGPASS|NOAUTH)\b/, 'auth', 'redis'],
  [/^ERR (invalid password|invalid username-password pair|AUTH <password> called without any password configured|Client sent AUTH, but no password is set)/, 'auth', 'redis'],
  [/^LOADING\b/, 'unavailable', 'redis'],
  [/^timeout expired$/, 'timeout', undefined],
  [/^ResourceRequest timed out$/, 'pool-exhausted', undefined],
];

// PostgreSQL SQLSTATEs that mean "could not get a working connection".
function sqlstateFailure(code: string): DatabaseFailure | undefined {
  if (code === '28P01' || code === '28000') return 'auth';
  if (code === '53300') return 'pool-exhausted';
  if (code.startsWith('08')) return 'reset';
  if (code === '57P01' || code === '57P02' || code === '57P03') return 'unavailable';
  return undefined;
}

const STACK_SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/[/\\]node_modules[/\\](pg|pg-pool|pg-protocol|pg-cursor)[/\\]/, 'postgresql'],
  [/[/\\]node_modules[/\\](ioredis|@redis[/\\]client|redis)[/\\]/, 'redis'],
  [/[/\\]node_modules[/\\]mysql2?[/\\]/, 'mysql'],
  [/[/\\]node_modules[/\\]mongodb[/\\]/, 'mongodb'],
];

const WELL_KNOWN_PORTS: Readonly<Record<number, string>> = { 5432: 'postgresql', 6379: 'redis', 3306: 'mysql', 27017: 'mongodb' };

function classifyDatabase(view: EventView, chain: unknown[]): PlatformClassification | undefined {
  const facts = chain.length > 0 ? chain.map(factsFromError) : factsFromEvent(view);
  const tagged = view.tag(PLATFORM_TAGS.dbSystem) ?? view.tag('db.system.name') ?? traceDbSystem(view.event);
  for (const f of facts) {
    const failure = failureOf(f);
    if (failure === undefined) continue;
    const system = f.dbSystem ?? tagged ?? systemOf(f, facts);
    if (system !== undefined) return { category: 'database-connection', dbSystem: system, failure };
  }
  return undefined;
}

function failureOf(f: Facts): DatabaseFailure | undefined {
  if (f.severity !== undefined && f.code !== undefined && /^[0-9A-Z]{5}$/.test(f.code)) {
    const s = sqlstateFailure(f.code);
    if (s !== undefined) return s;
  }
  if (f.code !== undefined && NET_CODES[f.code] !== undefined) return NET_CODES[f.code];
  for (const [re, failure] of DRIVER_MESSAGES) if (re.test(f.message)) return failure;
  // A socket error read back from an event: "connect ECONNREFUSED 127.0.0.1:5432".
  const code = /\b(E[A-Z_]{4,})\b/.exec(f.message)?.[1];
  return code === undefined ? undefined : NET_CODES[code];
}

function systemOf(f: Facts, all: Facts[]): string | undefined {
  if (f.severity !== undefined && f.routine !== undefined) return 'postgresql';
  for (const [re, , system] of DRIVER_MESSAGES) if (system !== undefined && re.test(f.message)) return system;
  if (f.name === 'MaxRetriesPerRequestError' || f.name === 'ReplyError') return 'redis';
  for (const g of all) for (const [re, system] of STACK_SYSTEMS) if (re.test(g.stack)) return system;
  const port = f.port ?? Number(/:(\d{2,5})\b/.exec(f.message)?.[1] ?? NaN);
  return WELL_KNOWN_PORTS[port];
}

function factsFromError(e: unknown): Facts {
  const o = (e ?? {}) as Record<string | symbol, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const facts: Facts = {
    name: errorName(e) ?? '',
    message: s(o.message) ?? '',
    stack: s(o.stack) ?? '',
  };
  const code = s(o.code);
  if (code !== undefined) facts.code = code;
  if (typeof o.port === 'number') facts.port = o.port;
  const severity = s(o.severity);
  if (severity !== undefined) facts.severity = severity;
  const routine = s(o.routine);
  if (routine !== undefined) facts.routine = routine;
  const db = s(o[DB_BRAND]);
  if (db !== undefined) facts.dbSystem = db;
  return facts;
}

function factsFromEvent(view: EventView): Facts[] {
  const frames = view.frames();
  const stack = frames.map((fr: FingerprintFrame) => `${fr.abs_path ?? fr.filename ?? ''} ${fr.module ?? ''}`).join('\n');
  return view
    .exceptions()
    .slice()
    .reverse()
    .map((ex) => ({ name: ex.type ?? '', message: ex.value ?? '', stack }));
}

function traceDbSystem(event: FingerprintEvent): string | undefined {
  const trace = event.contexts?.trace as { data?: Record<string, unknown> } | undefined;
  const v = trace?.data?.['db.system'] ?? trace?.data?.['db.system.name'];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Endpoints

/**
 * The parameterised route of the request: the `error.endpoint` tag, else method + `http.route`
 * (tag or trace data), else the transaction name when it is a route, else the request path with
 * id-like segments replaced by `:param`. Never the raw URL: no query string, no ids.
 */
export function endpointOf(event: FingerprintEvent, view = new EventView(event, undefined)): string {
  const preset = view.tag(PLATFORM_TAGS.endpoint);
  if (preset !== undefined && preset !== '') return preset;
  const trace = (event.contexts?.trace as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const tx = str(event.transaction);
  const txMethod = tx === undefined ? undefined : /^([A-Z]+) \//.exec(tx)?.[1];
  const method = (str(event.request?.method) ?? view.tag('http.method') ?? str(trace['http.request.method']) ?? str(trace['http.method']) ?? txMethod)?.toUpperCase();
  const route = view.tag('http.route') ?? str(trace['http.route']);
  const withMethod = (path: string) => (method === undefined ? path : `${method} ${path}`);
  if (route !== undefined) return withMethod(route);
  const source = (event as { transaction_info?: { source?: string } }).transaction_info?.source;
  if (tx !== undefined && (source === 'route' || /[:*]/.test(tx) || (source === undefined && !looksRaw(tx)))) {
    return /^[A-Z]+ \//.test(tx) ? tx : withMethod(tx);
  }
  const url = str(event.request?.url) ?? (tx !== undefined ? tx.replace(/^[A-Z]+ /, '') : undefined);
  if (url === undefined) return method === undefined ? '<unknown-endpoint>' : `${method} <unknown-route>`;
  return withMethod(parameterizePath(url));
}

const ID_SEGMENT = /^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{12,}|[A-Za-z0-9_-]{20,})$/;

function looksRaw(tx: string): boolean {
  const path = tx.replace(/^[A-Z]+ /, '');
  return path.includes('?') || path.split('/').some((seg) => ID_SEGMENT.test(seg) || /\d/.test(seg));
}

function parameterizePath(url: string): string {
  let path = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme !== null) path = path.slice(scheme[0].length) || '/';
  path = path.split(/[?#]/)[0]!;
  return path
    .split('/')
    .map((seg) => (ID_SEGMENT.test(seg) || (/\d/.test(seg) && /[a-z]/i.test(seg) && seg.length >= 8) ? ':param' : seg))
    .join('/');
}
