// The api's entry: `node --import ./dist/instrument.js ./dist/server.js`.
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onShutdown } from '@causal-organism/core-config';
import { createLogger } from '@causal-organism/core-config/pino';
import * as Sentry from '@sentry/node';
import { createApp } from './app';
import { ApiConfigError } from './errors';
import { readApiConfig } from './config';
import type { BrowserSentryEnv } from './page';
import { createServices } from './services';

const logger = createLogger({ name: 'api', captureLevels: [] });

function browserEnv(): BrowserSentryEnv {
  // The page gets what the server's own client runs with, so the two can never disagree.
  const options = Sentry.getClient()?.getOptions();
  const env: BrowserSentryEnv = {};
  if (options?.dsn !== undefined) env.SENTRY_DSN = options.dsn;
  if (options?.environment !== undefined) env.SENTRY_ENVIRONMENT = options.environment;
  if (options?.release !== undefined) env.SENTRY_RELEASE = options.release;
  if (options?.tracesSampleRate !== undefined) env.SENTRY_TRACES_SAMPLE_RATE = String(options.tracesSampleRate);
  return env;
}

function main(): void {
  let config;
  try {
    // eslint-disable-next-line no-restricted-properties -- an app's entry point is where its environment is read
    config = readApiConfig(process.env);
  } catch (error) {
    if (!ApiConfigError.isInstance(error)) throw error;
    logger.fatal({ variable: error.variable, code: error.code }, `invalid configuration: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  const services = createServices({ config, logger });
  const app = createApp({ config, services, logger, webDir: fileURLToPath(new URL('./web', import.meta.url)), browserEnv });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    // One JSON line, for the tests and the demo (PORT=0 picks a free port).
    process.stdout.write(`${JSON.stringify({ listening: port })}\n`);
  });
  server.on('error', (error) => {
    logger.fatal({ err: error.message }, 'could not listen');
    process.exitCode = 1;
  });
  // core-config runs this on SIGTERM/SIGINT, then flushes Sentry and exits.
  onShutdown(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await services.close();
  });
}

main();
