// The browser page's script, bundled by scripts/build-web.mjs (esbuild) into dist/web/app.js.
import {
  browserTracingIntegration,
  captureException,
  initSentryBrowser,
  makeBrowserOfflineTransport,
} from '@causal-organism/core-config/browser';
import { ExportError } from '@causal-organism/fingerprints/browser';

declare global {
  interface Window {
    __SENTRY_ENV__?: Record<string, string | undefined>;
  }
}

/** The api answered the export with an error status. Groups as `['export-error', 'ExportDownloadError']`. */
class ExportDownloadError extends ExportError {}

initSentryBrowser({
  env: window.__SENTRY_ENV__ ?? {},
  // Tracing is opt-in in the bundle: this page wants its failing API call in one trace with the api's.
  tracingIntegration: browserTracingIntegration(),
  // Same-origin API calls get `sentry-trace` and `baggage`, so the api's event joins this trace.
  tracePropagationTargets: [window.location.origin, /^\//],
  // The IndexedDB queue is opt-in too: a page that must not lose errors while offline imports it.
  offline: makeBrowserOfflineTransport,
});

const log = document.getElementById('log');
function show(line: string): void {
  if (log) log.textContent = `${line}\n${log.textContent ?? ''}`;
}

document.getElementById('throw')?.addEventListener('click', () => {
  show('throwing…');
  // Planted PII: the card number and the email must not reach Sentry.
  throw new Error('Checkout button failed for jane.doe@example.com paying with 4111 1111 1111 1111');
});

document.getElementById('reject')?.addEventListener('click', () => {
  show('rejecting…');
  void Promise.reject(new TypeError('Saved cart could not be restored: token=sk_live_51HxAbCdEfGhIjKlMnOpQrSt'));
});

document.getElementById('api')?.addEventListener('click', () => {
  show('calling GET /reports/q3-revenue/export?format=json …');
  void (async () => {
    const response = await fetch('/reports/q3-revenue/export?format=json', { headers: { 'x-user-id': 'browser-user-7' } });
    const body = (await response.json().catch(() => ({}))) as { eventId?: string; requestId?: string };
    show(`api answered ${response.status} (api event ${body.eventId ?? '-'}, request ${body.requestId ?? '-'})`);
    if (!response.ok) {
      captureException(new ExportDownloadError(`export download failed with HTTP ${response.status}`), {
        tags: { 'api.event_id': String(body.eventId ?? ''), 'api.request_id': String(body.requestId ?? '') },
      });
    }
  })();
});
