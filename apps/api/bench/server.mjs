// The baseline servers of bench/run.mjs: the api's two benchmarked routes, same handlers, in plain
// express. Started bare, or with `--import ./instrument-plain.mjs` (plain Sentry.init).
// Prints {"listening": <port>} like the api.
import express from 'express';

const app = express();
app.use(express.json());
app.get('/reports/:reportId', function report(req, res) {
  res.json({ id: req.params.reportId, formats: ['csv', 'json'], rows: 2 });
});
app.get('/reports/:reportId/export', function exportReport(req, res) {
  // The same real failure as the api's export job: bigint amounts cannot be serialised.
  const report = { id: req.params.reportId, rows: [{ customer: 'acme', amountCents: 1_250_00n }] };
  res.type('application/json').send(JSON.stringify(report));
});
// Same answer shape as the api's error handler, without Express's default stack-trace logging.
app.use(function answerError(_err, _req, res, _next) {
  res.status(500).json({ error: 'internal_error' });
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
