// A loopback receiver that speaks the ingest side of Sentry's protocol just enough for tests:
// it accepts envelopes (plain or gzip), parses them with @sentry/core's own parser and records
// every item. Tests assert on what actually arrived, never on mocks of the SDK.
import { createServer } from 'node:http';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { parseEnvelope } from '@sentry/core';

function decompress(body, encoding) {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  return body;
}

export function parseEnvelopeBody(body) {
  return parseEnvelope(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
}

export async function startTestReceiver({ port = 0, ...behaviour } = {}) {
  let delayMs = behaviour.delayMs ?? 0;
  let status = behaviour.status ?? 200;
  const envelopes = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const answer = () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? '{}' : '{"detail":"test receiver refused"}');
      };
      if (status === 200 && req.method === 'POST') {
        try {
          const raw = decompress(Buffer.concat(chunks), req.headers['content-encoding']);
          const [headers, items] = parseEnvelopeBody(raw);
          envelopes.push({
            headers,
            path: req.url ?? '',
            raw,
            items: items.map(([itemHeaders, payload]) => ({
              type: itemHeaders.type,
              headers: itemHeaders,
              payload: payload instanceof Uint8Array ? Buffer.from(payload) : payload,
            })),
          });
        } catch (error) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ detail: `invalid envelope: ${error.message}` }));
          return;
        }
      }
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const receiver = {
    port: address.port,
    dsn: `http://public@127.0.0.1:${address.port}/1`,
    envelopes,
    items: (type) => envelopes.flatMap((e) => e.items).filter((i) => type === undefined || i.type === type),
    events: () => receiver.items('event').map((i) => i.payload),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver)) {
        if (Date.now() > deadline) {
          const types = receiver.items().map((i) => i.type);
          throw new Error(`test receiver: condition not met in ${timeoutMs} ms; received ${types.length} items: ${types.join(', ')}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    setBehaviour(next) {
      if (next.delayMs !== undefined) delayMs = next.delayMs;
      if (next.status !== undefined) status = next.status;
    },
    clear: () => void envelopes.splice(0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

/**
 * A loopback webhook endpoint that records every JSON body POSTed to it: where alert deliveries
 * (Slack-format or generic) land in tests and in the demo.
 */
export async function startWebhookReceiver() {
  const deliveries = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      deliveries.push({ path: req.url ?? '', body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    deliveries,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
