#!/usr/bin/env node
// `local-sentry start --port 8000 --db .local-sentry/local-sentry.db`
import { parseArgs } from 'node:util';
import { startLocalSentry } from './server';
import { LocalSentryError } from './errors';

const USAGE = `Usage: local-sentry start [--port 8000] [--host 127.0.0.1] [--db .local-sentry/local-sentry.db] [--retention-days 90] [--max-wal-mb 256] [--token TOKEN] [--quiet]`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      'retention-days': { type: 'string' },
      'max-wal-mb': { type: 'string' },
      token: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals[0] !== 'start') {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const port = Number(values.port);
  const log = (level: string) => (message: string, data?: Record<string, unknown>) => {
    if (!values.quiet) process.stderr.write(`[local-sentry] ${level} ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`);
  };
  const server = await startLocalSentry({
    port,
    host: values.host,
    ...(values.db !== undefined ? { db: values.db } : {}),
    ...(values['retention-days'] !== undefined ? { retentionDays: Number(values['retention-days']) } : {}),
    ...(values['max-wal-mb'] !== undefined ? { maxWalMb: Number(values['max-wal-mb']) } : {}),
    ...(values.token !== undefined ? { token: values.token } : {}),
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  });
  process.stdout.write(
    [
      `local-sentry listening on ${server.url}`,
      `SENTRY_DSN=${server.dsn}`,
      `SENTRY_API_URL=${server.apiUrl}`,
      `SENTRY_AUTH_TOKEN=${server.token}`,
      `SENTRY_ORG=${server.organization}`,
      `Dashboard: ${server.url}/`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`local-sentry: ${LocalSentryError.isInstance(error) ? error.message : String(error)}\n`);
  process.exit(1);
});
