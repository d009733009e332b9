// One benchmark server. VARIANT: bare (no Sentry), sentry (started with --import of
// instrument.mjs), noop (sentry + an empty middleware), ctx (sentry + express-ctx's middleware and
// error handler).
// Prints `LISTENING <port>`.
import express from 'express';

const variant = process.env.VARIANT ?? 'bare';
const app = express();
let errorHandler;
if (variant === 'noop') {
  // Same as `sentry` plus an empty middleware: measures the noise floor between two equal servers.
  app.use(function noop(_req, _res, next) {
    next();
  });
}
if (variant === 'ctx') {
  const { createContextMiddleware, createErrorHandler } = await import('../dist/index.js');
  app.use(createContextMiddleware({ trustUserIdHeader: true }));
  errorHandler = createErrorHandler();
}
// Process CPU time, read by run.mjs before and after each round: CPU per request is far less
// sensitive to other load on a shared machine than throughput is.
app.get('/__cpu', function cpu(_req, res) {
  const { user, system } = process.cpuUsage();
  res.json({ micros: user + system });
});
app.use(express.json());
app.get('/ok', function ok(_req, res) {
  res.send('ok');
});
app.get('/users/:id', function user(req, res) {
  res.json({ id: req.params.id });
});
app.get('/fail', function fail() {
  throw new Error('benchmark failure');
});
if (errorHandler) app.use(errorHandler);
// Every variant answers errors the same way, without Express's default stack-trace logging.
app.use(function answerError(_err, _req, res, _next) {
  res.status(500).send('failed');
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
