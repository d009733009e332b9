import * as Sentry from '@sentry/node';
import { defineIntegration, type Contexts, type Integration } from '@sentry/core';

/**
 * The SDK's `Context` integration with its per-event memory probes removed. Stock v11 calls
 * `process.memoryUsage()`, `process.availableMemory()` and `os.freemem()` for every event (a /proc
 * read each); the rest of the context never changes, so it is computed once and reused. Same name
 * as the SDK's, so it replaces it.
 */
export const cachedContextIntegration = defineIntegration(() => {
  const stock = Sentry.nodeContextIntegration({ device: { cpu: true, memory: false } });
  let contexts: Promise<Contexts> | undefined;

  function staticContexts(client: Parameters<NonNullable<Integration['processEvent']>>[2]): Promise<Contexts> {
    contexts ??= Promise.resolve(stock.processEvent!({}, {}, client)).then((event) => {
      const found = { ...(event)?.contexts };
      if (found.app !== undefined) {
        const { app_memory: _appMemory, free_memory: _freeMemory, ...app } = found.app as Record<string, unknown>;
        found.app = app;
      }
      return found;
    });
    return contexts;
  }

  return {
    name: 'Context',
    async processEvent(event, _hint, client) {
      const cached = await staticContexts(client);
      const own = event.contexts ?? {};
      const merged: Contexts = { ...own };
      for (const [key, value] of Object.entries(cached)) merged[key] = { ...value, ...own[key] };
      event.contexts = merged;
      return event;
    },
    processSegmentSpan(span, client) {
      stock.processSegmentSpan?.(span, client);
    },
  } satisfies Integration;
});
