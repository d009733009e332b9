import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

/** Where Sentry's OpenAPI document lives: `$SENTRY_OPENAPI`, or `shared/sentry-api/` beside the repo checkout. */
export function openApiPaths(): { spec: string; legacy: string } {
  let dir = process.env.SENTRY_OPENAPI_DIR;
  if (dir === undefined) {
    // `shared/` sits beside the checkout (CI) or further up (git worktrees): walk up until one is found.
    let at = fileURLToPath(new URL('.', import.meta.url));
    dir = fileURLToPath(new URL('../../../../shared/sentry-api/', import.meta.url));
    while (at !== dirname(at)) {
      at = dirname(at);
      if (existsSync(join(at, 'shared/sentry-api/openapi.json'))) {
        dir = join(at, 'shared/sentry-api/');
        break;
      }
    }
  }
  return { spec: `${dir.replace(/\/?$/, '/')}openapi.json`, legacy: `${dir.replace(/\/?$/, '/')}openapi-legacy-alert-rules.json` };
}

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type PathItem = Record<string, Operation>;

export interface Contract {
  /** Problems with one request, empty when it matches a documented operation. */
  checkRequest(req: { method: string; path: string; query: URLSearchParams }): string[];
  /** Problems with a JSON request body against the documented request schema (camelCase keys are checked as snake_case, as Sentry's CamelSnakeSerializer reads them). */
  checkBody(req: { method: string; path: string }, body: unknown): string[];
  /** Problems with a response body against the documented schema for `status`. */
  checkResponse(req: { method: string; path: string }, status: number, body: unknown): string[];
  /** The operation a request maps to. */
  operationFor(method: string, path: string): { template: string; operation: Operation } | undefined;
}

/** Loads the document(s) that exist; undefined when none is present (tests then skip with a message). */
export function loadContract(opts: { legacy?: boolean } = {}): Contract | undefined {
  const { spec, legacy } = openApiPaths();
  if (!existsSync(spec)) return undefined;
  const paths: Record<string, PathItem> = { ...(JSON.parse(readFileSync(spec, 'utf8')) as { paths: Record<string, PathItem> }).paths };
  if (opts.legacy && existsSync(legacy)) Object.assign(paths, (JSON.parse(readFileSync(legacy, 'utf8')) as { paths: Record<string, PathItem> }).paths);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const compiled = Object.entries(paths).map(([template, item]) => ({
    template,
    item,
    // Templates like /api/0/organizations/{organization_id_or_slug}/issues/ -> a regex for one segment per param.
    re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }));
  // Prefer the most specific template (fewest parameters) when several match.
  const byLiteral = compiled.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

  function operationFor(method: string, path: string) {
    for (const c of byLiteral) {
      if (!c.re.test(path)) continue;
      const operation = c.item[method.toLowerCase()];
      if (operation) return { template: c.template, operation };
    }
    return undefined;
  }

  function coerce(value: string, schema: Record<string, unknown> | undefined): unknown {
    const types = [schema?.type, ...((schema?.anyOf ?? schema?.oneOf ?? []) as Array<{ type?: string }>).map((s) => s.type)];
    if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
    return value;
  }

  return {
    operationFor,
    checkRequest(req) {
      const found = operationFor(req.method, req.path);
      if (!found) return [`${req.method} ${req.path}: no such operation in the OpenAPI document`];
      const problems: string[] = [];
      const params = (found.operation.parameters ?? []).filter((p) => p.in === 'query');
      for (const key of new Set(req.query.keys())) {
        const param = params.find((p) => p.name === key);
        // `cursor` is Sentry's generic pagination parameter (docs/api/pagination), undeclared on some list operations.
        if (!param && key === 'cursor') continue;
        if (!param) {
          problems.push(`${req.method} ${found.template}: query parameter "${key}" is not documented`);
          continue;
        }
        const raw = req.query.getAll(key);
        const schema = param.schema;
        const value = schema?.type === 'array' ? raw.map((r) => coerce(r, schema.items as Record<string, unknown>)) : coerce(raw[raw.length - 1]!, schema);
        if (schema?.type !== 'array' && raw.length > 1) problems.push(`${found.template}: "${key}" is not an array but was sent ${raw.length} times`);
        if (schema && !ajv.validate(schema, value)) problems.push(`${found.template}: "${key}"=${JSON.stringify(value)} ${ajv.errorsText(ajv.errors)}`);
      }
      for (const p of params) if (p.required && !req.query.has(p.name)) problems.push(`${found.template}: required query parameter "${p.name}" missing`);
      return problems;
    },
    checkBody(req, body) {
      const found = operationFor(req.method, req.path);
      if (!found) return [`${req.method} ${req.path}: no such operation`];
      const schema = found.operation.requestBody?.content?.['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
      if (!schema) return [];
      // Validate both spellings: camelCase as sent, and snake_case as the spec names the fields.
      const snake = toSnake(body);
      const candidate = schema.properties && Object.keys(schema.properties).some((k) => k.includes('_')) ? snake : body;
      return ajv.validate(schema as object, candidate) ? [] : [`${req.method} ${found.template} body: ${ajv.errorsText(ajv.errors)}`];
    },
    checkResponse(req, status, body) {
      const found = operationFor(req.method, req.path);
      if (!found) return [`${req.method} ${req.path}: no such operation`];
      const schema = found.operation.responses?.[String(status)]?.content?.['application/json']?.schema;
      if (!schema) return [`${found.template}: no JSON schema for status ${status}`];
      return ajv.validate(schema, body) ? [] : [`${found.template} ${status}: ${ajv.errorsText(ajv.errors)}`];
    },
  };
}

function toSnake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnake);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), toSnake(v)]));
}
