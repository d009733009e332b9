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
  const files = new Map<string, Promise<string[] | null>>();

  function sourceOf(path: string): Promise<string[] | null> {
    let source = files.get(path);
    if (source === undefined) {
      if (files.size >= maxFiles) files.delete(files.keys().next().value as string);
      source = readFile(path, 'utf8').then(
        (text) => (text.length > maxFileBytes ? null : text.split('\n')),
        () => null,
      );
      files.set(path, source);
    }
    return source;
  }

  async function addContext(frame: StackFrame): Promise<void> {
    const { filename, lineno } = frame;
    if (filename === undefined || lineno === undefined || frame.in_app === false) return;
    if (!filename.startsWith('/') || filename.includes('/node_modules/')) return;
    const source = await sourceOf(filename);
    if (source === null || lineno > source.length) return;
    const index = lineno - 1;
    const colno = frame.colno ?? 0;
    frame.pre_context = source.slice(Math.max(0, index - lines), index).map((l) => snipLine(l, 0));
    frame.context_line = snipLine(source[index] ?? '', colno);
    frame.post_context = source.slice(index + 1, index + 1 + lines).map((l) => snipLine(l, 0));
  }

  return {
    name: 'ContextLines',
    async processEvent(event: Event): Promise<Event> {
      if (lines <= 0) return event;
      const work: Array<Promise<void>> = [];
      for (const exception of event.exception?.values ?? []) {
        for (const frame of exception.stacktrace?.frames ?? []) work.push(addContext(frame));
      }
      await Promise.all(work);
      return event;
    },
  } satisfies Integration;
});
