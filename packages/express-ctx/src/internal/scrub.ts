/**
 * The one place request data meets the scrubbing engine. Everything express-ctx attaches from
 * the request body, query and headers passes through `scrubRequestData`, and nothing else does.
 */
// TEMPORARY until @causal-organism/scrubbing lands on its branch: a key-based stand-in.
const SENSITIVE_KEY = /pass(word|wd)?|pwd|secret|token|api[-_]?key|auth|cookie|session|card|ssn|cvv/i;

export function scrubRequestData<T>(value: T): T {
  return redact(value) as T;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = SENSITIVE_KEY.test(key) ? '[Filtered]' : redact(inner);
    return out;
  }
  return value;
}
