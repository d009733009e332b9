import { readFile } from 'node:fs/promises';
import { defineIntegration, snipLine, type Event, type Integration, type StackFrame } from '@sentry/core';

/** Options of {@link inAppContextLinesIntegration}. */
export interface ContextLinesOptions {
  /** Lines before and after the failing line. @default 5 */
  lines?: number;
  /** Source files kept in memory. @default 200 */
  maxFiles?: number;
  /** Files larger than this are not read (bundles, generated code). @default 1_000_000 */
  maxFileBytes?: number;
}

/**
 * Source context for in-app frames only, from a cache of whole files. The SDK's version keeps
 * an LRU of 10 files and re-reads files through a readline stream whenever a stack spans more, which
 * on real stacks (app + node_modules) means file I/O for every event; library frames' context is
 * rarely looked at and Sentry collapses them by default. Same name as the SDK's, so it replaces it.
 */
export const inAppContextLinesIntegration = defineIntegration((options: ContextLinesOptions = {}) => {
  const lines = options.lines ?? 5;
  const maxFiles = options.maxFiles ?? 200;
  const maxFileBytes = options.maxFileBytes ?? 1_000_000;
  // Files already read (or known unreadable): the hot path fills frames from here without awaiting.
  const ready = new Map<string, string[] | null>();
  const pending = new Map<string, Promise<void>>();

  function load(path: string): Promise<void> {
    let loading = pending.get(path);
    if (loading === undefined) {
      loading = readFile(path, 'utf8').then(
        (text) => remember(path, text.length > maxFileBytes ? null : text.split('\n')),
        () => remember(path, null),
      );
      pending.set(path, loading);
    }
    return loading;
  }

  function remember(path: string, source: string[] | null): void {
    pending.delete(path);
    if (ready.size >= maxFiles) ready.delete(ready.keys().next().value as string);
    ready.set(path, source);
  }

  function eligible(frame: StackFrame): frame is StackFrame & { filename: string; lineno: number } {
    const { filename, lineno } = frame;
    return (
      filename !== undefined &&
      lineno !== undefined &&
      frame.in_app !== false &&
      filename.startsWith('/') &&
      !filename.includes('/node_modules/')
    );
  }

  function fill(frame: StackFrame & { filename: string; lineno: number }): void {
    const source = ready.get(frame.filename);
    if (source === undefined || source === null || frame.lineno > source.length) return;
    const index = frame.lineno - 1;
    frame.pre_context = source.slice(Math.max(0, index - lines), index).map((l) => snipLine(l, 0));
    frame.context_line = snipLine(source[index] ?? '', frame.colno ?? 0);
    frame.post_context = source.slice(index + 1, index + 1 + lines).map((l) => snipLine(l, 0));
  }

  return {
    name: 'ContextLines',
    processEvent(event: Event): Event | Promise<Event> {
      if (lines <= 0) return event;
      const frames: Array<StackFrame & { filename: string; lineno: number }> = [];
      for (const exception of event.exception?.values ?? []) {
        for (const frame of exception.stacktrace?.frames ?? []) if (eligible(frame)) frames.push(frame);
      }
      const missing = frames.filter((f) => !ready.has(f.filename));
      if (missing.length === 0) {
        frames.forEach(fill);
        return event;
      }
      return Promise.all(missing.map((f) => load(f.filename))).then(() => {
        frames.forEach(fill);
        return event;
      });
    },
  } satisfies Integration;
});
