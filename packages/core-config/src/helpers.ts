import * as core from '@sentry/core';
import type { BreadcrumbInput, CaptureExceptionContext, CaptureMessageContext } from './types';

/**
 * Captures an error with the platform's call-site shape. Thin and typed over the SDK's own
 * `captureException`; returns the event id (empty when the SDK is disabled).
 */
export function captureException(error: unknown, context: CaptureExceptionContext = {}): string {
  return core.captureException(error, context);
}

/** Captures a message; `level` defaults to `info` like the SDK's. */
export function captureMessage(message: string, context: CaptureMessageContext = {}): string {
  return core.captureMessage(message, context);
}

/** Records a breadcrumb on the current isolation scope. */
export function addBreadcrumb(breadcrumb: BreadcrumbInput): void {
  core.addBreadcrumb(breadcrumb);
}
