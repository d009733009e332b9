// The baseline: a loopback HTTP server that reads and gunzips the body and answers 200, with no
// parsing and no storage. local-sentry's figures are reported as ratios against it.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    gunzipSync(body);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
