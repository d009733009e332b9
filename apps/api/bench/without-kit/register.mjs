// The baselines of bench/run.mjs are this api itself, built and started the same way, without the
// kit: `node [--import ./bench/instrument-plain.mjs] --import ./bench/without-kit/register.mjs
// ./dist/server.js`. express-ctx's middleware and error handler become pass-throughs (hooks.mjs);
// without dist/instrument.js, core-config never initialises Sentry (plain Sentry.init does, or
// nothing for `bare`). Same routes, modules, logger and handlers as the kit variant, so the ratio
// measures what the kit costs and nothing else (the issue: "all our context costs under 5%").
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

// The api's signal handling comes from core-config's init, which `bare` and `sentry` skip: without
// a handler SIGTERM kills the process before `node --cpu-prof` (bench/profile.mjs) writes its
// profile. Exit cleanly instead, unless core-config (the `init` variant) is there to flush first.
process.once('SIGTERM', () => {
  if (process.listenerCount('SIGTERM') === 0) process.exit(0);
});
