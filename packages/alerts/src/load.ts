import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAlertDefinitions } from './definitions';
import { AlertsError } from './errors';
import type { AlertDefinitions } from './types';

/**
 * Reads alert definitions from a file in the app's repo: JSON, or an ES module whose default export
 * is the definitions (so they can call `platformDefaultRules`). A `fingerprintRulesFile` is read
 * relative to the definitions file. Throws `AlertsError` naming the file and every bad field.
 */
export async function loadAlertDefinitions(path: string): Promise<AlertDefinitions> {
  const file = resolve(path);
  let raw: unknown;
  try {
    if (['.js', '.mjs'].includes(extname(file))) {
      raw = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    } else {
      raw = JSON.parse(await readFile(file, 'utf8'));
    }
  } catch (cause) {
    throw new AlertsError(`Cannot load alert definitions from ${file}: ${(cause as Error).message}`, { code: 'load_failed', cause });
  }
  const parsed = parseAlertDefinitions(raw);
  if (!parsed.ok) {
    throw new AlertsError(`Invalid alert definitions in ${file}:\n  ${parsed.issues.join('\n  ')}`, { code: 'invalid_definitions', issues: parsed.issues });
  }
  const defs = parsed.value;
  if (defs.fingerprintRules === undefined && defs.fingerprintRulesFile !== undefined) {
    const rulesPath = resolve(dirname(file), defs.fingerprintRulesFile);
    try {
      return { ...defs, fingerprintRules: await readFile(rulesPath, 'utf8') };
    } catch (cause) {
      throw new AlertsError(`Cannot read fingerprintRulesFile ${rulesPath}: ${(cause as Error).message}`, { code: 'load_failed', cause });
    }
  }
  return defs;
}
