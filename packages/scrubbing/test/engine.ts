// The engine under test: the Node engine (root entry) or the browser engine (`/browser` entry),
// chosen per vitest project (vitest.config.ts), so the same tests prove both.
import { inject } from 'vitest';
import * as browser from '../src/browser';
import * as node from '../src/index';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'node' | 'browser';
  }
}

/** Which engine this test run covers. */
export const ENGINE = inject('engine');

const api = ENGINE === 'browser' ? browser : node;

export const { createScrubber, scrubEvent, scrubText, scrubValue, scrubbingIntegration } = api;
