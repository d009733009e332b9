import * as v from 'valibot';
import type { EventsTimeseries, OrgStatsV2, SentryEvent, SentryIssue, SentryIssueDetails, SentryIssueEvent, StatPoint } from '../types';

// Loose objects: Sentry adds fields often; we check only what we read, and keep the rest.
const nullableString = v.nullable(v.string());

export const statPointsSchema: v.GenericSchema<unknown, StatPoint[]> = v.array(v.tuple([v.number(), v.number()]));

export const orgStatsV2Schema: v.GenericSchema<unknown, OrgStatsV2> = v.looseObject({
  start: v.string(),
  end: v.string(),
  intervals: v.array(v.string()),
  groups: v.array(
    v.looseObject({
      by: v.record(v.string(), v.unknown()),
      totals: v.record(v.string(), v.number()),
      series: v.optional(v.record(v.string(), v.array(v.number()))),
    }),
  ),
});

export const eventsTimeseriesSchema: v.GenericSchema<unknown, EventsTimeseries> = v.looseObject({
  timeSeries: v.array(
    v.looseObject({
      yAxis: v.string(),
      values: v.array(v.looseObject({ timestamp: v.number(), value: v.nullable(v.number()), incomplete: v.optional(v.boolean()) })),
      groupBy: v.optional(v.nullable(v.array(v.looseObject({ key: v.string(), value: v.unknown() })))),
      meta: v.looseObject({ valueType: v.optional(v.string()), valueUnit: v.optional(nullableString), interval: v.number() }),
    }),
  ),
  meta: v.optional(v.looseObject({ dataset: v.optional(v.string()), start: v.optional(v.number()), end: v.optional(v.number()) })),
});

const issueEntries = {
  id: v.string(),
  shortId: v.string(),
  title: v.string(),
  culprit: nullableString,
  permalink: v.string(),
  level: v.string(),
  status: v.string(),
  count: v.string(),
  userCount: v.number(),
  firstSeen: nullableString,
  lastSeen: nullableString,
  project: v.looseObject({ id: v.string(), slug: v.string(), name: v.optional(v.string()) }),
  metadata: v.record(v.string(), v.unknown()),
  type: v.optional(v.string()),
};

export const issueSchema: v.GenericSchema<unknown, SentryIssue> = v.looseObject(issueEntries);

export const issueDetailsSchema: v.GenericSchema<unknown, SentryIssueDetails> = v.looseObject({
  ...issueEntries,
  tags: v.optional(v.array(v.looseObject({ key: v.string(), name: v.optional(v.string()), totalValues: v.optional(v.number()) }))),
  userReportCount: v.optional(v.number()),
});

const eventTags = v.array(v.looseObject({ key: v.string(), value: nullableString }));

export const issueEventSchema: v.GenericSchema<unknown, SentryIssueEvent> = v.looseObject({
  id: v.string(),
  eventID: v.string(),
  groupID: nullableString,
  title: v.string(),
  message: nullableString,
  dateCreated: v.string(),
  platform: nullableString,
  tags: eventTags,
  user: v.nullable(v.record(v.string(), v.unknown())),
});

export const eventSchema: v.GenericSchema<unknown, SentryEvent> = v.looseObject({
  id: v.string(),
  eventID: v.string(),
  groupID: v.optional(nullableString),
  title: v.string(),
  message: nullableString,
  dateCreated: v.string(),
  platform: v.optional(nullableString),
  entries: v.array(v.looseObject({ type: v.string(), data: v.unknown() })),
  tags: eventTags,
  contexts: v.optional(v.record(v.string(), v.unknown())),
  user: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
});
