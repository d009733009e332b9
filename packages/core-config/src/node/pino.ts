import * as Sentry from '@sentry/node';
import type { LogSeverityLevel } from '@sentry/core';
import pino from 'pino';

/** Options of {@link createLogger}: pino's own options plus where errors go. */
export interface KitLoggerOptions extends pino.LoggerOptions {
  /**
   * Levels whose records are also captured as Sentry error events. The record then carries
   * `sentry_event_id`, so a log line leads straight to its event. @default ['error', 'fatal']
   */
  captureLevels?: LogSeverityLevel[];
  /** Where records are written. @default stdout */
  destination?: pino.DestinationStream;
}

/**
 * A pino logger whose records carry `trace_id` and `span_id` (the active span's, else the scope's
 * propagation context, the same ids Sentry puts on events) and, for error-level records,
 * `sentry_event_id` of the event they produced.
 */
export function createLogger(options: KitLoggerOptions = {}): pino.Logger {
  const { captureLevels = ['error', 'fatal'], destination, mixin, hooks, ...pinoOptions } = options;
  const capture = new Set<string>(captureLevels);

  const logger = pino(
    {
      ...pinoOptions,
      mixin(mergeObject, level, self) {
        return { ...mixin?.(mergeObject, level, self), ...currentTraceIds() };
      },
      hooks: {
        ...hooks,
        logMethod(args, method, level) {
          const levelName = logger.levels.labels[level];
          if (levelName !== undefined && capture.has(levelName)) {
            attachEventId(args, levelName as LogSeverityLevel);
          }
          if (hooks?.logMethod) hooks.logMethod.call(this, args, method, level);
          else method.apply(this, args);
        },
      },
    },
    destination ?? pino.destination(1),
  );
  return logger;
}

function currentTraceIds(): { trace_id?: string; span_id?: string } {
  try {
    const span = Sentry.getActiveSpan();
    if (span !== undefined) {
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    }
    return { trace_id: Sentry.getCurrentScope().getPropagationContext().traceId };
  } catch {
    return {};
  }
}

/** Captures the record as an event and writes the event id into the record's merge object. */
function attachEventId(args: unknown[], level: LogSeverityLevel): void {
  try {
    const [first, ...rest] = args;
    const message = typeof first === 'string' ? first : typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields = first instanceof Error ? { err: first } : typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
    const error = fields.err ?? fields.error;
    const sentryLevel = level === 'fatal' ? 'fatal' : 'error';
    const { err: _err, error: _error, ...context } = fields;
    const captureContext = { level: sentryLevel, contexts: { pino: { ...context, msg: message } } } as const;
    const eventId =
      error instanceof Error
        ? Sentry.captureException(error, captureContext)
        : Sentry.captureMessage(message ?? 'pino record', captureContext);
    if (eventId === '') return;
    if (typeof first === 'object' && first !== null && !(first instanceof Error)) args[0] = { ...fields, sentry_event_id: eventId };
    else if (first instanceof Error) args[0] = { err: first, sentry_event_id: eventId };
    else args.unshift({ sentry_event_id: eventId });
  } catch {
    // Logging must go on even when capture fails.
  }
}
