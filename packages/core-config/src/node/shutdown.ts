import * as Sentry from '@sentry/node';
import type { KitLogger } from '../types';

/** Work to do before the process exits (close servers, drain queues). Errors are captured, not lost. */
export type ShutdownHook = () => void | Promise<void>;

/** Options of {@link shutdown}. */
export interface ShutdownOptions {
  /** Time allowed for delivering what is queued, in ms. @default 5000 */
  timeoutMs?: number;
}

const hooks: ShutdownHook[] = [];
let inProgress: Promise<boolean> | undefined;

/**
 * Registers work to run on SIGTERM/SIGINT (or an explicit `shutdown()`), before the final flush.
 * Hooks run in reverse registration order, like a stack of resources. Returns an unregister function.
 */
export function onShutdown(hook: ShutdownHook): () => void {
  hooks.push(hook);
  return () => {
    const index = hooks.indexOf(hook);
    if (index >= 0) hooks.splice(index, 1);
  };
}

/**
 * Runs the shutdown hooks, captures any error they throw, then flushes every queued event.
 * Idempotent: a second call waits for the first. Resolves `true` when every hook succeeded and
 * everything was delivered (or spooled to disk) in time.
 */
export function shutdown(options: ShutdownOptions = {}): Promise<boolean> {
  inProgress ??= runShutdown(options.timeoutMs ?? 5000);
  return inProgress;
}

async function runShutdown(timeoutMs: number): Promise<boolean> {
  let clean = true;
  for (const hook of [...hooks].reverse()) {
    try {
      await hook();
    } catch (error) {
      clean = false;
      Sentry.captureException(error, { mechanism: { type: 'auto.core-config.shutdown', handled: false } });
    }
  }
  const flushed = await Sentry.flush(timeoutMs);
  return clean && flushed;
}

/** Resets module state between tests in one process. */
export function _resetShutdownForTests(): void {
  hooks.length = 0;
  inProgress = undefined;
}

/**
 * Makes SIGTERM/SIGINT run {@link shutdown} and then exit: 0 when shutdown was clean, 1 otherwise.
 * Only installed when the app asked for it (the default), so apps that own their signals keep them.
 */
export function installSignalHandlers(options: { signals: NodeJS.Signals[]; timeoutMs: number; logger: KitLogger }): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    options.logger.info(`${signal} received: flushing events before exit`);
    shutdown({ timeoutMs: options.timeoutMs }).then(
      (clean) => process.exit(clean ? 0 : 1),
      () => process.exit(1),
    );
  };
  for (const signal of options.signals) process.on(signal, handler);
  return () => {
    for (const signal of options.signals) process.off(signal, handler);
  };
}
