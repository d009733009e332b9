import { mkdtempSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportError } from '@causal-organism/fingerprints';
import { describe, expect, it } from 'vitest';
import { ExportJobError, InvalidExportJobError } from './errors';
import { cleanupExports, parseExportJob } from './jobs';

describe('parseExportJob', () => {
  it('accepts what the API enqueues', () => {
    expect(parseExportJob({ reportId: 'r-1', format: 'csv', requestedBy: 'u-1' }, { simulations: false })).toEqual({ reportId: 'r-1', format: 'csv', requestedBy: 'u-1' });
  });

  it.each([
    [null, 'invalid-job'],
    [{ reportId: '../etc/passwd', format: 'csv', requestedBy: 'u' }, 'invalid-job'],
    [{ reportId: 'r', format: 'xlsx', requestedBy: 'u' }, 'unsupported-format'],
    [{ reportId: 'r', format: 'csv' }, 'invalid-job'],
    [{ reportId: 'r', format: 'csv', requestedBy: 'u', simulate: 'crash' }, 'simulations-disabled'],
  ])('rejects %j with %s, never retried, grouped as an export error', (data, code) => {
    let error: unknown;
    try {
      parseExportJob(data, { simulations: false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidExportJobError);
    expect(ExportJobError.isInstance(error)).toBe(true);
    expect(ExportError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code, retryable: false, name: 'InvalidExportJobError' });
  });

  it('accepts simulations only when enabled', () => {
    expect(parseExportJob({ reportId: 'r', format: 'json', requestedBy: 'u', simulate: 'fail' }, { simulations: true }).simulate).toBe('fail');
    expect(() => parseExportJob({ reportId: 'r', format: 'json', requestedBy: 'u', simulate: 'explode' }, { simulations: true })).toThrow(/unknown simulation/);
  });
});

describe('cleanupExports', () => {
  it('deletes exports older than the retention and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exports-'));
    writeFileSync(join(dir, 'old.csv'), 'x');
    writeFileSync(join(dir, 'new.csv'), 'x');
    const now = Date.now();
    utimesSync(join(dir, 'old.csv'), new Date(now - 10_000), new Date(now - 10_000));
    expect(await cleanupExports({ exportDir: dir, retentionMs: 5000, now })).toBe(1);
    expect(existsSync(join(dir, 'old.csv'))).toBe(false);
    expect(existsSync(join(dir, 'new.csv'))).toBe(true);
  });

  it('treats a missing directory as empty', async () => {
    expect(await cleanupExports({ exportDir: join(tmpdir(), 'does-not-exist-', String(Date.now())), retentionMs: 0 })).toBe(0);
  });
});
