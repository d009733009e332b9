export { createContextMiddleware } from './context-middleware';
export { createErrorHandler } from './error-handler';
export { ExpressCtxOptionsError } from './errors';
export type { ExpressCtxOptionsErrorCode } from './errors';
export type {
  CaptureDecisionInfo,
  ContextMiddleware,
  ContextMiddlewareOptions,
  ContextMiddlewareStats,
  ErrorHandler,
  ErrorHandlerOptions,
  ExpressCtxLogger,
  InvalidUserIdInfo,
  InvalidUserIdReason,
} from './types';
