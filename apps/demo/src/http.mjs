// Tiny HTTP helpers for the scenario and the webhook receiver (loopback only).
import { createServer } from 'node:http';

export async function request(base, path, { method = 'GET', body, headers = {} } = {}) {
  try {
    const response = await fetch(new URL(path, base), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return `failed: ${error.cause?.code ?? error.message}`;
  }
}

/** Collects what alerting delivers: a loopback stand-in for Slack or an incident webhook. */
export async function startWebhookReceiver() {
  const deliveries = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        deliveries.push({ path: req.url, body: JSON.parse(body) });
      } catch {
        deliveries.push({ path: req.url, body });
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
