// The baselines of bench/run.mjs are this api itself, built and started the same way, without the
// kit: `node [--import ./bench/instrument-plain.mjs] --import ./bench/without-kit/register.mjs
// ./dist/server.js`. express-ctx's middleware and error handler become pass-throughs (hooks.mjs);
// without dist/instrument.js, core-config never initialises Sentry (plain Sentry.init does, or
// nothing for `bare`). Same routes, modules, logger and handlers as the kit variant, so the ratio
// measures what the kit costs and nothing else (the issue: "all our context costs under 5%").
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
