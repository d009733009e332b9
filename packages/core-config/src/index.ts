export { initSentry } from './node/init';
export type { InitResult, NodeInitOptions } from './node/init';
export { onShutdown, shutdown } from './node/shutdown';
export type { ShutdownHook, ShutdownOptions } from './node/shutdown';
export { parseSentryEnv } from './env';
export type { ParseEnvResult, SentryEnvConfig, SentryEnvName } from './env';
export { parseDsn, maskDsn } from './dsn';
export type { ParsedDsn } from './dsn';
export { ConfigError } from './errors';
export type { ConfigErrorCode, ConfigIssue } from './errors';
export { throttleIntegration, groupKey } from './throttle';
export type { ThrottleOptions } from './throttle';
export { captureException, captureMessage, addBreadcrumb } from './helpers';
export { DEFAULT_ALLOWED_HEADERS } from './resolve';
export type {
  BreadcrumbInput,
  CaptureExceptionContext,
  CaptureMessageContext,
  CommonInitOptions,
  EventOutcome,
  IgnorePredicate,
  KitLogger,
} from './types';
export { makeReliableTransport, reliableDeliveryOptions, ReliableTransportError } from './transport';
export type {
  ReliableTransport,
  ReliableTransportErrorCode,
  ReliableTransportOptions,
  ReliableTransportStats,
  ReliableTransportStoreOptions,
  TransportDropReason,
  TransportLogger,
  TransportOutcome,
  TransportOutcomeInfo,
  TransportSpillReason,
} from './transport';
