// The README's browser snippet, kept compiling by `tsc` and checked against the README text by
// src/readme.test.ts, which reads `../src/browser` as `@causal-organism/scrubbing/browser` (the
// package's own dist is not built when tsc runs).
// README:start
import * as Sentry from '@sentry/browser';
import { scrubbingIntegration } from '../src/browser';

Sentry.init({ dsn, integrations: [scrubbingIntegration()] });
// README:end

declare const dsn: string;
