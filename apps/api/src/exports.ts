import { markExportError } from '@causal-organism/fingerprints';
import { ReportExportError } from './errors';

/** A CSV cell would start a spreadsheet formula (`=`, `+`, `-`, `@`): exporting it would be a CSV injection. */
export class CsvEncodingError extends ReportExportError {}

/** The export formats the api knows. */
export type ExportFormat = 'csv' | 'json';

interface ReportRow {
  customer: string;
  note: string;
  // Amounts come out of PostgreSQL `bigint` columns as BigInt when the driver is told to parse them.
  amountCents: bigint;
}

/** Sample data in the shape the real report query returns. */
function loadReport(reportId: string): { id: string; rows: ReportRow[] } {
  return {
    id: reportId,
    rows: [
      { customer: 'acme', note: 'monthly', amountCents: 1_250_00n },
      { customer: 'globex', note: '=HYPERLINK("http://evil.example")', amountCents: 99_00n },
    ],
  };
}

/**
 * Runs the export job synchronously and returns the file body. It fails, from real causes, for
 * the formats the platform sees failing in production: JSON cannot serialise `bigint` amounts
 * (`TypeError`, marked as an export error) and the CSV encoder refuses formula cells
 * ({@link CsvEncodingError}). Either way the event groups as `['export-error', <type>]`.
 */
export function runExportJob(job: { reportId: string; format: ExportFormat }): string {
  const report = loadReport(job.reportId);
  if (job.format === 'json') {
    try {
      return JSON.stringify(report);
    } catch (error) {
      throw markExportError(error);
    }
  }
  const lines = ['customer,note,amount_cents'];
  for (const row of report.rows) {
    for (const cell of [row.customer, row.note]) {
      if (/^[=+\-@]/.test(cell)) {
        throw new CsvEncodingError(`report ${report.id}: cell "${cell.slice(0, 1)}…" would be read as a spreadsheet formula`);
      }
    }
    lines.push(`${row.customer},${row.note},${row.amountCents}`);
  }
  return lines.join('\n');
}
