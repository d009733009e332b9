import type { ConfigIssue } from './errors';

/** The parts of a DSN that matter for validation. */
export interface ParsedDsn {
  protocol: 'http' | 'https';
  publicKey: string;
  host: string;
  port: string;
  /** Path prefix before the project id, for Sentry behind a sub-path. */
  path: string;
  projectId: string;
}

// Same shape Sentry's own parser accepts (`@sentry/core` dsn.ts), made strict where it is lenient:
// a numeric project id, a non-empty key, an optional path prefix and port.
const DSN_PATTERN = /^(https?):\/\/([\w.~-]+)(?::[\w.~-]*)?@([\w.-]+|\[[\da-fA-F:]+\])(?::(\d{1,5}))?((?:\/[\w.~%-]+)*)\/(\d+)\/?$/;

/** Parses a DSN, or returns the reason it is not one. Never throws. */
export function parseDsn(value: string): { ok: true; dsn: ParsedDsn } | { ok: false; problem: string } {
  const match = DSN_PATTERN.exec(value.trim());
  if (!match) {
    if (!/^https?:\/\//.test(value)) return { ok: false, problem: 'must start with http:// or https://' };
    if (!value.includes('@')) return { ok: false, problem: 'has no public key (the part before "@")' };
    if (!/\/\d+\/?$/.test(value)) return { ok: false, problem: 'must end with a numeric project id' };
    return { ok: false, problem: 'is not a valid DSN' };
  }
  const [, protocol, publicKey, host, port = '', path = '', projectId] = match;
  if (port !== '' && Number(port) > 65535) return { ok: false, problem: `port ${port} is out of range` };
  return {
    ok: true,
    dsn: { protocol: protocol as 'http' | 'https', publicKey: publicKey!, host: host!, port, path, projectId: projectId! },
  };
}

/** Hides the public key, so a DSN can be printed in logs and errors. */
export function maskDsn(value: string): string {
  return value.replace(/\/\/[^@/]*@/, '//***@');
}

export function dsnIssue(value: string, problem: string): ConfigIssue {
  return {
    name: 'SENTRY_DSN',
    value: maskDsn(value).slice(0, 200),
    problem,
    example: 'https://0123456789abcdef@o123.ingest.sentry.io/4505',
  };
}
