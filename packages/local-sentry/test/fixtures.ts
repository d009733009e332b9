import { envelope, errorEvent, post } from './helpers';
import type { LocalSentry } from '../src/types';

/** A realistic error event with request, user, tags, breadcrumbs and contexts. */
export function richEvent(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return errorEvent({
    event_id: (0xabc000 + i).toString(16).padStart(32, '0'),
    environment: 'production',
    release: 'orders-api@2.14.3',
    transaction: 'POST /v1/orders/:id/pay',
    server_name: 'api-1',
    user: { id: `user-${i % 3}`, ip_address: '127.0.0.1' },
    tags: { region: 'eu', 'http.status_code': '500' },
    request: { method: 'POST', url: 'http://api.local/v1/orders/7/pay', headers: { 'user-agent': 'curl/8', 'content-type': 'application/json' }, query_string: 'a=1' },
    breadcrumbs: { values: [{ timestamp: 1, category: 'http', message: 'GET /health' }] },
    contexts: { runtime: { name: 'node', version: 'v20.20.2' } },
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
    ...overrides,
  });
}

export async function seed(server: LocalSentry, count = 5): Promise<void> {
  for (let i = 0; i < count; i++) {
    const event = richEvent(i);
    const response = await post(server, envelope({ event_id: event.event_id }, [[{ type: 'event' }, event]]));
    if (response.status !== 200) throw new Error(`seed failed: ${response.status} ${await response.text()}`);
  }
  const warning = { event_id: 'f'.repeat(32), level: 'warning', message: 'disk almost full', environment: 'production' };
  await post(server, envelope({ event_id: warning.event_id }, [[{ type: 'event' }, warning]]));
  const other = errorEvent({
    event_id: 'e'.repeat(32),
    exception: { values: [{ type: 'RangeError', value: 'bad range', stacktrace: { frames: [{ function: 'pay', module: 'app.pay', in_app: true }] } }] },
  });
  await post(server, envelope({ event_id: other.event_id }, [[{ type: 'event' }, other]]));
}
