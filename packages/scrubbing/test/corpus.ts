// A generator of benign, realistic Sentry events for the false-positive count: what a busy
// service reports on a normal day, with every near miss we know of (ids, hashes, versions, dates,
// phone numbers, prices, Luhn-failing 16-digit numbers, base64 images, user agents, SQL) and no
// secrets. Deterministic (seeded), so a regression names a reproducible event.

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

export function generateCorpus(count: number, seed = 42): Array<Record<string, unknown>> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
  const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const iso = (): string => new Date(Date.UTC(2026, int(0, 11), int(1, 28), int(0, 23), int(0, 59), int(0, 59), int(0, 999))).toISOString();
  const version = (): string => `${int(0, 20)}.${int(0, 40)}.${int(0, 99)}`;
  const phone = (): string => pick([`+1 ${int(201, 989)} 555 ${digits(4)}`, `+44 20 ${digits(4)} ${digits(4)}`, `(${int(201, 989)}) 555-${digits(4)}`, `+49 30 ${digits(8)}`]);
  const luhnFailing16 = (): string => {
    // A 16-digit number whose check digit is wrong: looks like a card, is not one.
    const body = `4${digits(14)}`;
    let sum = 0;
    for (let i = 0; i < 15; i++) {
      let d = Number(body[14 - i]);
      if (i % 2 === 0) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    const valid = (10 - (sum % 10)) % 10;
    return body + String((valid + int(1, 9)) % 10);
  };
  const price = (): string => `${int(1, 999)}.${digits(2)}`;
  const route = (): string => pick(['/v1/orders/:id', '/v1/users/:id/profile', '/v1/cart', '/health', '/v2/search', '/v1/invoices/:id/pdf']);
  const ua = (): string =>
    pick([
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'okhttp/4.12.0',
      'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
    ]);
  const messages = [
    () => `Cannot read properties of undefined (reading '${pick(['id', 'items', 'total', 'map'])}')`,
    () => `Order ORD-${int(2020, 2026)}-${digits(6)} could not be shipped: carrier timeout after ${int(100, 9000)}ms`,
    () => `Request ${uuid()} failed with status ${pick([500, 502, 503, 504])}`,
    () => `Invoice ${digits(10)} total ${price()} EUR does not match ${price()} EUR`,
    () => `Migration ${iso()} ${hex(7)} failed at step ${int(1, 20)}`,
    () => `Unexpected token < in JSON at position ${int(0, 9999)}`,
    () => `deadlock detected while updating orders (tx ${digits(9)})`,
    () => `Upstream payments v${version()} returned card_declined`,
    () => `Reference ${luhnFailing16()} not found`,
    () => `Callback number ${phone()} unreachable`,
  ];
  const sql = (): string => pick([`SELECT id, status FROM orders WHERE customer_id = $1 LIMIT ${int(10, 100)}`, 'UPDATE carts SET updated_at = now() WHERE id = $1', 'INSERT INTO audit (kind, at) VALUES ($1, $2)']);
  const base64Image = (): string => `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAA${hex(40)}AAAABJRU5ErkJggg==`;

  const events: Array<Record<string, unknown>> = [];
  for (let n = 0; n < count; n++) {
    const frames = Array.from({ length: int(5, 30) }, (_, i) => ({
      filename: `/app/${pick(['src', 'node_modules/express/lib', 'node_modules/pg/lib'])}/file-${i}.js`,
      function: pick(['handle', 'next', 'Layer.handle', 'processTicksAndRejections', 'OrderService.pay']),
      lineno: int(1, 900),
      colno: int(1, 80),
      in_app: r() < 0.3,
      ...(r() < 0.2 ? { vars: { orderId: `ord_${digits(4)}`, attempt: int(1, 5), total: Number(price()), items: int(1, 9), started: iso() } } : {}),
    }));
    const path = route().replace(':id', String(int(1, 99_999)));
    events.push({
      event_id: hex(32),
      timestamp: 1_795_000_000 + r() * 1e6,
      platform: 'node',
      level: pick(['error', 'warning', 'fatal']),
      transaction: `${pick(['GET', 'POST', 'PUT'])} ${route()}`,
      message: r() < 0.3 ? pick(messages)() : undefined,
      exception: { values: [{ type: pick(['Error', 'TypeError', 'PaymentError', 'DatabaseError']), value: pick(messages)(), stacktrace: { frames } }] },
      request: {
        method: pick(['GET', 'POST']),
        url: `https://api.example.com${path}?page=${int(1, 20)}&sort=${pick(['asc', 'desc'])}&ref=${hex(8)}`,
        query_string: `page=${int(1, 20)}&sort=${pick(['asc', 'desc'])}`,
        headers: {
          host: 'api.example.com',
          'user-agent': ua(),
          accept: 'application/json',
          'accept-language': 'en-US,en;q=0.9',
          'content-type': 'application/json',
          'x-request-id': `req_${hex(24)}`,
          traceparent: `00-${hex(32)}-${hex(16)}-01`,
          'if-none-match': `W/"${hex(16)}"`,
        },
        data: JSON.stringify({ orderId: `ord_${digits(4)}`, items: [{ sku: `SKU-${digits(4)}`, qty: int(1, 5), price: Number(price()) }], note: 'leave at the door', couponCode: pick(['SPRING', 'WELCOME10']) }),
      },
      // About a third of events carry an IP and an email: those are masked on purpose (counted apart).
      user: r() < 0.33 ? { id: `u_${digits(5)}`, ip_address: `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, email: `${pick(['jane', 'li.wei', 'o.brien'])}${int(1, 99)}@example.com` } : { id: `u_${digits(5)}`, username: pick(['jdoe', 'alice', 'bob42']) },
      tags: { route: route(), region: pick(['eu-west-1', 'us-east-1']), release_channel: pick(['stable', 'canary']), build: hex(7) },
      extra: {
        orderNumber: digits(int(6, 12)),
        reference: luhnFailing16(),
        correlationId: uuid(),
        commit: hex(40),
        deployedAt: iso(),
        sdkVersion: version(),
        supportPhone: phone(),
        amount: price(),
        avatar: r() < 0.1 ? base64Image() : undefined,
        checksum: `sha256-${hex(64)}`,
        retries: int(0, 5),
      },
      contexts: {
        os: { name: 'Linux', version: `6.1.${int(0, 120)}` },
        runtime: { name: 'node', version: `v20.${int(0, 20)}.${int(0, 9)}` },
        app: { app_start_time: iso(), app_memory: int(1e7, 1e9) },
        order: { id: `ord_${digits(5)}`, total: Number(price()), currency: 'EUR', lines: int(1, 10) },
      },
      breadcrumbs: Array.from({ length: int(0, 30) }, () =>
        pick([
          () => ({ category: 'http', type: 'http', data: { method: 'GET', url: `https://users.internal/v1/users/${int(1, 9999)}`, status_code: pick([200, 404, 500]) } }),
          () => ({ category: 'console', level: 'log', message: `processed batch ${int(1, 999)} in ${int(1, 999)}ms` }),
          () => ({ category: 'db.query', message: sql(), data: { ms: int(1, 80) } }),
          () => ({ category: 'navigation', data: { from: route(), to: route() } }),
        ])(),
      ),
    });
  }
  return events;
}

/** Number of leaves (strings, numbers) that differ between two JSON-like values. */
export function countChangedLeaves(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return 1;
  let n = 0;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) n += countChangedLeaves((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
  return n;
}
