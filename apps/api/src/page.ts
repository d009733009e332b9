/** The `SENTRY_*` values the browser page initialises `@sentry/browser` with. */
export interface BrowserSentryEnv {
  SENTRY_DSN?: string;
  SENTRY_ENVIRONMENT?: string;
  SENTRY_RELEASE?: string;
  SENTRY_TRACES_SAMPLE_RATE?: string;
}

// `<`, `>`, `&` and the JS line separators escaped: the JSON sits inside a <script> element.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The browser page: the env as `window.__SENTRY_ENV__`, then the esbuild bundle of `web/main.ts`. */
export function renderPage(env: BrowserSentryEnv): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Causal Organism api: browser errors</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
button { font: inherit; padding: .5rem 1rem; margin: 0 .5rem .5rem 0; border: 1px solid #8a93a6; border-radius: .4rem; background: #f4f6fa; cursor: pointer; }
button:hover { background: #e6eaf2; }
#log { font-family: ui-monospace, monospace; font-size: .9rem; white-space: pre-wrap; background: #f4f6fa; padding: 1rem; border-radius: .4rem; min-height: 3rem; }
</style>
<script>window.__SENTRY_ENV__ = ${scriptJson(env)};</script>
<script defer src="/app/app.js"></script>
</head>
<body>
<h1>Browser errors</h1>
<p>Each button causes a real error in this page. Sentry's browser SDK, set up by
<code>@causal-organism/core-config/browser</code>, reports it scrubbed and fingerprinted; the API call
carries the trace to the api, so both events share one trace id.</p>
<p>
<button id="throw" type="button">Throw an error</button>
<button id="reject" type="button">Reject a promise</button>
<button id="api" type="button">Call a failing API route</button>
</p>
<div id="log" role="log" aria-live="polite"></div>
</body>
</html>
`;
}
