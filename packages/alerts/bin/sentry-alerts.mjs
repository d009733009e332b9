#!/usr/bin/env node
// The only place that reads process.env: the library takes every value as an option.
import { runAlertsCli } from '../dist/cli.js';

process.exitCode = await runAlertsCli({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr });
