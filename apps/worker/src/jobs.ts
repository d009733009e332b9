import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { ExportRenderError, InvalidExportJobError } from './errors';

/** The data the API enqueues on the `exports` queue. */
export interface ExportJobData {
  reportId: string;
  format: ExportFormat;
  /** Who asked: an email or user id. It is PII: scrubbing removes it from events. */
  requestedBy: string;
  notes?: string;
  /**
   * Failure simulations for tests and the demo, accepted only with `WORKER_SIMULATIONS=true`:
   * `fail` (every attempt), `fail-once`, `slow` (takes `durationMs`), `slow-fail`, `reject` (an
   * unhandled rejection) and `crash` (an uncaught exception): both end the process once; the job comes
   * back to the queue as stalled and completes on the next run.
   */
  simulate?: Simulation;
  durationMs?: number;
}

/** Export formats the worker can write. */
export type ExportFormat = 'csv' | 'json';

/** The failure-simulating job kinds. */
export type Simulation = 'fail' | 'fail-once' | 'slow' | 'slow-fail' | 'reject' | 'crash';

const FORMATS: readonly string[] = ['csv', 'json'];
const SIMULATIONS: readonly string[] = ['fail', 'fail-once', 'slow', 'slow-fail', 'reject', 'crash'];

/** What an export job returns (stored by BullMQ as the job's return value). */
export interface ExportResult {
  file: string;
  bytes: number;
  /** Set when the job was returned to the queue after a crash and finished here. */
  recoveredAfterStall?: boolean;
}

/** Checks the job's data; a bad job is never retried. */
export function parseExportJob(data: unknown, options: { simulations: boolean }): ExportJobData {
  if (typeof data !== 'object' || data === null) throw new InvalidExportJobError('invalid-job', 'export job data must be an object { reportId, format, requestedBy }');
  const d = data as Record<string, unknown>;
  if (typeof d.reportId !== 'string' || !/^[\w.-]{1,128}$/.test(d.reportId)) {
    throw new InvalidExportJobError('invalid-job', 'export job reportId must be 1-128 letters, digits, "_", "." or "-"');
  }
  if (typeof d.format !== 'string' || !FORMATS.includes(d.format)) {
    throw new InvalidExportJobError('unsupported-format', `export format ${JSON.stringify(d.format)} is not supported; use one of ${FORMATS.join(', ')}`);
  }
  if (typeof d.requestedBy !== 'string') throw new InvalidExportJobError('invalid-job', 'export job requestedBy must be a string');
  if (d.simulate !== undefined) {
    if (!options.simulations) {
      throw new InvalidExportJobError('simulations-disabled', 'job asks for a failure simulation but WORKER_SIMULATIONS is not true');
    }
    if (typeof d.simulate !== 'string' || !SIMULATIONS.includes(d.simulate)) {
      throw new InvalidExportJobError('invalid-job', `unknown simulation ${JSON.stringify(d.simulate)}; use one of ${SIMULATIONS.join(', ')}`);
    }
  }
  return d as unknown as ExportJobData;
}

/** Runs one attempt of an export job: writes the report file, or fails the way the job asks. */
export async function runExport(job: Job, options: { exportDir: string; simulations: boolean }): Promise<ExportResult> {
  const data = parseExportJob(job.data, options);
  const recoveredAfterStall = job.stalledCounter > 0;
  switch (data.simulate) {
    case 'fail':
      // The message carries the requester on purpose: scrubbing must take it out of the event.
      throw new ExportRenderError(`rendering report ${data.reportId} for ${data.requestedBy} failed: template engine timed out`);
    case 'fail-once':
      if (job.attemptsMade === 0) throw new ExportRenderError(`rendering report ${data.reportId} failed on the first attempt`);
      break;
    case 'slow':
    case 'slow-fail':
      await sleep(data.durationMs ?? 1000);
      if (data.simulate === 'slow-fail') throw new ExportRenderError(`report ${data.reportId} failed after ${data.durationMs ?? 1000} ms`);
      break;
    case 'reject':
      if (!recoveredAfterStall) {
        // Nobody awaits this promise: core-config's strict mode captures it, flushes and exits 1.
        void Promise.reject(new ExportRenderError(`unhandled rejection while exporting ${data.reportId} for ${data.requestedBy}`));
        await sleep(60_000);
      }
      break;
    case 'crash':
      if (!recoveredAfterStall) {
        // Thrown from a timer, outside every try/catch: an uncaught exception that ends the process.
        setTimeout(() => {
          throw new ExportRenderError(`uncaught exception while exporting ${data.reportId} for ${data.requestedBy}`);
        }, 0);
        await sleep(60_000);
      }
      break;
    default:
      break;
  }
  return { ...(await writeExport(data, options.exportDir)), ...(recoveredAfterStall ? { recoveredAfterStall } : {}) };
}

async function writeExport(data: ExportJobData, exportDir: string): Promise<ExportResult> {
  await mkdir(exportDir, { recursive: true });
  const file = join(exportDir, `${data.reportId}.${data.format}`);
  const rows = [{ reportId: data.reportId, generatedAt: new Date().toISOString() }];
  const body = data.format === 'json' ? JSON.stringify(rows) : `reportId,generatedAt\n${rows.map((r) => `${r.reportId},${r.generatedAt}`).join('\n')}\n`;
  await writeFile(file, body);
  return { file, bytes: Buffer.byteLength(body) };
}

/** The periodic cleanup: deletes exports older than the retention. Returns how many were deleted. */
export async function cleanupExports(options: { exportDir: string; retentionMs: number; now?: number }): Promise<number> {
  const now = options.now ?? Date.now();
  let names: string[];
  try {
    names = await readdir(options.exportDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let deleted = 0;
  for (const name of names) {
    const path = join(options.exportDir, name);
    const info = await stat(path);
    if (info.isFile() && now - info.mtimeMs > options.retentionMs) {
      await rm(path, { force: true });
      deleted += 1;
    }
  }
  return deleted;
}
