// The README's usage snippet, kept compiling by `tsc` (this folder is in tsconfig) and checked
// against the README text by src/readme.test.ts.
import * as Sentry from '@sentry/node';
import { createScrubber, scrubbingIntegration } from '../src/index';

export function usage(dsn: string, failures: { inc(): void }): unknown {
  // README:start
  Sentry.init({
    dsn,
    integrations: [
      scrubbingIntegration({
        sensitiveKeys: ['orderSecret'], // also matches order_secret, X-Order-Secret
        paths: ['request.headers.x-internal-route', 'extra.*.voucher'],
        rules: { email: 'replace', ip: false }, // emails -> [email]; keep IPs
        onScrubFailure: () => failures.inc(),
      }),
    ],
  });

  // Hot paths: compile once, reuse. Never mutates its input.
  const scrubber = createScrubber();
  const body = scrubber.scrubValue({ user: 'bob', password: 'hunter2', note: 'card 4242 4242 4242 4242' });
  // -> { user: 'bob', password: '[Filtered]', note: 'card [creditcard]' }
  // README:end
  return body;
}
