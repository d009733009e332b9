export { startLocalSentry, DEFAULT_PUBLIC_KEY, DEFAULT_TOKEN } from './server';
export { groupEvent } from './grouping';
export type { Grouping, GroupingOptions } from './grouping';
export { LocalSentryError, IngestError } from './errors';
export type { LocalSentryErrorCode, IngestErrorCode } from './errors';
export type { AlertFiring, Clock, IngestLimits, LocalSentry, LocalSentryOptions, Logger, MaintenanceResult, ProjectConfig } from './types';
