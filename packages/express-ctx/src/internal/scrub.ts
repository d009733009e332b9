import { createScrubber, type ScrubOptions } from '@causal-organism/scrubbing';

/** Scrubs a JSON-like value taken from a request; returns a copy, never mutates the request. */
export type RequestScrubber = <T>(value: T) => T;

/**
 * The one place request data meets the scrubbing engine: everything express-ctx attaches from the
 * request body, query and headers passes through the scrubber built here, once per middleware.
 * @throws {ScrubbingConfigError} when `options` are invalid (at start-up)
 */
export function createRequestScrubber(options: ScrubOptions | undefined): RequestScrubber {
  const scrubber = createScrubber(options);
  return function scrubRequestData<T>(value: T): T {
    return scrubber.scrubValue(value);
  };
}
