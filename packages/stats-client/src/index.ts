export { createStatsClient } from './client';
export { createSentryHttp, rateLimitWaitMs, systemClock } from './http';
export { SentryApiError, StatsClientConfigError } from './errors';
export type { SentryApiErrorCode, SentryApiErrorInit, StatsClientConfigErrorCode } from './errors';
export { parseLinkHeader, nextCursor } from './internal/link';
export type { LinkEntry } from './internal/link';
export { parseDurationSeconds } from './internal/duration';
export type {
  AffectedUsersOptions,
  Clock,
  ErrorRate,
  ErrorRateOptions,
  EventsTimeseries,
  EventsTimeseriesOptions,
  GetIssueEventOptions,
  ListIssueEventsOptions,
  ListIssuesOptions,
  ListProjectIssuesOptions,
  NewIssuesOptions,
  OrgStatsV2,
  OrgStatsV2Options,
  ProjectStatsOptions,
  QueryValue,
  RetryEvent,
  RetryOptions,
  SentryEvent,
  SentryHttp,
  SentryHttpOptions,
  SentryIssue,
  SentryIssueDetails,
  SentryIssueEvent,
  SentryPaginateOptions,
  SentryRequestOptions,
  SentryResponse,
  StatPoint,
  StatsClient,
  StatsClientOptions,
  ThresholdOptions,
  ThresholdResult,
  TimeRange,
  TimeseriesValue,
  TopIssuesOptions,
} from './types';
