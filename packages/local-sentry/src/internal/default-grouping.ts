// Interim default grouping until @causal-organism/fingerprints lands: exception type plus in-app
// frames (module and function, never line numbers), else the parameterised message.
import { frames, messageOf, primaryException, type SentryEvent } from './event';

const PARAMS: Array<[RegExp, string]> = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/\b[0-9a-f]{16,}\b/gi, '<hex>'],
  [/\b\d+(\.\d+)?\b/g, '<int>'],
];

function parameterize(message: string): string {
  return PARAMS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

export function defaultGroupingComponents(event: SentryEvent): string[] {
  const exception = primaryException(event);
  if (exception?.type !== undefined) {
    const inApp = frames(exception)
      .filter((f) => f.in_app === true)
      .map((f) => `${f.module ?? f.filename ?? ''}:${f.function ?? ''}`);
    if (inApp.length > 0) return [exception.type, ...inApp];
    return [exception.type, parameterize(exception.value ?? '')];
  }
  return [parameterize(messageOf(event) ?? exception?.value ?? '')];
}
