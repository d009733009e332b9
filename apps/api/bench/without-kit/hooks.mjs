// Module hooks for bench/without-kit/register.mjs: `@causal-organism/express-ctx` resolves to
// pass-through middleware, so the api runs exactly as built, minus express-ctx.
const STUB_URL = 'causal-organism-bench:express-ctx';
const STUB_SOURCE = `
export function createContextMiddleware() {
  return function withoutContext(req, res, next) { next(); };
}
export function createErrorHandler() {
  return function withoutErrorHandler(err, req, res, next) { next(err); };
}
`;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@causal-organism/express-ctx') return { url: STUB_URL, format: 'module', shortCircuit: true };
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url === STUB_URL) return { format: 'module', source: STUB_SOURCE, shortCircuit: true };
  return nextLoad(url, context);
}
