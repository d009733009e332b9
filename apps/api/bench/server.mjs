// The baseline servers of bench/run.mjs: the api's two benchmarked routes, same handlers, in plain
// express. Started bare, or with `--import ./instrument-plain.mjs` (plain Sentry.init).
// Prints {"listening": <port>} like the api.
import express from 'express';
import * as v from 'valibot';

const app = express();
// As the api does (one header less to write).
app.disable('x-powered-by');
app.use(express.json());
app.get('/reports/:reportId', function report(req, res) {
  res.json({ id: req.params.reportId, formats: ['csv', 'json'], rows: 2 });
});
// The api's export route does this much work before its job fails; so does the baseline, so that
// the ratio measures the kit and not the handler: read the format from the query, validate the
// report id with the same valibot schema, load the same two rows, fail the same way.
const ExportReportId = v.object({
  reportId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'reportId must be 1-64 letters, digits, _ or -')),
});
app.get('/reports/:reportId/export', function exportReport(req, res) {
  const requested = req.query.format;
  const format = typeof requested === 'string' ? requested : 'csv';
  const parsed = v.safeParse(ExportReportId, { reportId: req.params.reportId });
  if (!parsed.success) {
    res.status(422).json({ error: 'validation_failed' });
    return;
  }
  const report = {
    id: parsed.output.reportId,
    rows: [
      { customer: 'acme', note: 'monthly', amountCents: 1_250_00n },
      { customer: 'globex', note: '=HYPERLINK("http://evil.example")', amountCents: 99_00n },
    ],
  };
  // The same real failure as the api's export job: bigint amounts cannot be serialised.
  res.type(format === 'json' ? 'application/json' : 'text/csv').send(JSON.stringify(report));
});
// Same answer shape as the api's error handler, without Express's default stack-trace logging.
app.use(function answerError(_err, _req, res, _next) {
  res.status(500).json({ error: 'internal_error' });
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
