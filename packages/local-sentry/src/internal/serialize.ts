// Sentry's response shapes for issues and events, field for field as the OpenAPI document
// requires them, filled from local-sentry's rows.
import { asRecord, asString, exceptions, messageOf, tagsOf, type SentryEvent } from './event';
import { iso } from './http';
import { decodePayload } from './payload';
import type { ProjectConfig } from '../types';

export interface GroupRecord {
  id: number;
  project_id: number;
  short_num: number;
  title: string;
  culprit: string | null;
  level: string;
  type: string;
  error_type: string | null;
  metadata: string;
  platform: string | null;
  status: string;
  substatus: string;
  is_unhandled: number;
  first_seen: number;
  last_seen: number;
  times_seen: number;
  user_count: number;
}

export interface EventRecord {
  id: number;
  event_id: string;
  project_id: number;
  group_id: number | null;
  kind: string;
  received: number;
  timestamp: number;
  payload: string | Buffer;
}

export function shortId(project: ProjectConfig | undefined, num: number): string {
  return `${(project?.slug ?? 'local').toUpperCase()}-${num.toString(36).toUpperCase()}`;
}

export function projectRef(project: ProjectConfig | undefined, id: number): { id: string; name: string; slug: string; platform: string | null } {
  return { id: String(id), name: project?.name ?? project?.slug ?? String(id), slug: project?.slug ?? String(id), platform: project?.platform ?? 'node' };
}

/** The issue shape of `listOrganizationIssues` / `getOrganizationIssue`. */
export function serializeIssue(g: GroupRecord, ctx: { project: ProjectConfig | undefined; base: string; organization: string; stats: Record<string, Array<[number, number]>> }): Record<string, unknown> {
  const firstSeen = iso(g.first_seen);
  const lastSeen = iso(g.last_seen);
  return {
    id: String(g.id),
    shareId: null,
    shortId: shortId(ctx.project, g.short_num),
    title: g.title,
    culprit: g.culprit ?? '',
    permalink: `${ctx.base}/issues/${g.id}/`,
    logger: null,
    level: g.level,
    status: g.status,
    statusDetails: {},
    substatus: g.status === 'unresolved' ? g.substatus : g.status === 'ignored' ? 'archived_forever' : null,
    isPublic: false,
    platform: g.platform,
    priority: g.level === 'fatal' ? 'high' : g.level === 'error' ? 'medium' : 'low',
    priorityLockedAt: null,
    seerFixabilityScore: null,
    seerAutofixLastTriggered: null,
    seerExplorerAutofixLastTriggered: null,
    project: projectRef(ctx.project, g.project_id),
    type: g.type,
    issueType: g.type === 'error' ? 'error' : 'default',
    issueCategory: 'error',
    metadata: JSON.parse(g.metadata) as Record<string, unknown>,
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: false,
    annotations: [],
    isUnhandled: g.is_unhandled === 1,
    count: String(g.times_seen),
    userCount: g.user_count,
    firstSeen,
    lastSeen,
    derivedData: {
      blocker: '',
      progress: '',
      status: '',
      viewCount: 0,
      hasOpenFixPr: false,
      isAssigned: false,
      hasRootCause: false,
      lastCompletedAutofixStep: '',
      lastProgressedAt: null,
    },
    stats: ctx.stats,
    lifetime: { count: String(g.times_seen), userCount: g.user_count, firstSeen, lastSeen, stats: null },
    filtered: null,
    sessionCount: 0,
    // Required non-null by the schema; local-sentry has no inbox or ownership, so neutral values.
    inbox: { date_added: firstSeen, reason: 0, reason_details: null },
    owners: { type: 'none', owner: '', date_added: firstSeen },
    integrationIssues: [],
    sentryAppIssues: [],
    latestEventHasAttachments: false,
    matchingEventId: null,
    matchingEventEnvironment: null,
  };
}

function userOf(event: SentryEvent): Record<string, unknown> | null {
  const user = asRecord(event.user);
  if (!user) return null;
  const pick = (k: string): string | null => {
    const v = user[k];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
  };
  return { id: pick('id'), email: pick('email'), username: pick('username'), ip_address: pick('ip_address'), name: pick('name'), data: asRecord(user.data) ?? {} };
}

/** An event's tags as Sentry lists them, including the derived level/environment/release tags. */
export function tagList(event: SentryEvent): Array<{ key: string; value: string }> {
  const tags = tagsOf(event).map(([key, value]) => ({ key, value }));
  const add = (key: string, value: unknown): void => {
    if (typeof value === 'string' && !tags.some((t) => t.key === key)) tags.push({ key, value });
  };
  add('level', event.level ?? 'error');
  add('environment', event.environment);
  add('release', event.release);
  add('transaction', event.transaction);
  add('server_name', event.server_name);
  return tags.sort((a, b) => a.key.localeCompare(b.key));
}

function locationOf(event: SentryEvent): string | null {
  const values = exceptions(event);
  const frames = values[values.length - 1]?.stacktrace?.frames ?? [];
  const top = [...frames].reverse().find((f) => f.in_app === true) ?? frames[frames.length - 1];
  return top?.filename !== undefined ? `${top.filename}${top.lineno !== undefined ? `:${top.lineno}` : ''}` : null;
}

/** The list item shape of `listOrganizationIssueEvents`. */
export function serializeEventSummary(row: EventRecord, group: GroupRecord | undefined): Record<string, unknown> {
  const event = JSON.parse(decodePayload(row.payload)) as SentryEvent;
  return {
    id: row.event_id,
    'event.type': row.kind,
    groupID: row.group_id === null ? null : String(row.group_id),
    eventID: row.event_id,
    projectID: String(row.project_id),
    message: messageOf(event) ?? '',
    title: group?.title ?? messageOf(event) ?? '',
    location: locationOf(event),
    culprit: group?.culprit ?? null,
    user: userOf(event),
    tags: tagList(event),
    platform: asString(event.platform) ?? null,
    dateCreated: iso(row.timestamp)!,
    crashFile: null,
    metadata: group ? (JSON.parse(group.metadata) as Record<string, unknown>) : {},
  };
}

/** Sentry's `entries` for an event: exception, message, breadcrumbs, request. */
function entriesOf(event: SentryEvent): Array<{ type: string; data: unknown }> {
  const entries: Array<{ type: string; data: unknown }> = [];
  const values = exceptions(event);
  if (values.length > 0) entries.push({ type: 'exception', data: { values, hasSystemFrames: values.some((v) => (v.stacktrace?.frames ?? []).some((f) => f.in_app === false)), excOmitted: null } });
  const message = messageOf(event);
  if (message !== undefined) entries.push({ type: 'message', data: { formatted: message } });
  const crumbs = asRecord(event.breadcrumbs)?.values ?? event.breadcrumbs;
  if (Array.isArray(crumbs) && crumbs.length > 0) entries.push({ type: 'breadcrumbs', data: { values: crumbs } });
  const request = asRecord(event.request);
  if (request) {
    const headers = asRecord(request.headers);
    entries.push({
      type: 'request',
      data: {
        url: request.url ?? null,
        method: request.method ?? null,
        query: request.query_string ?? null,
        data: request.data ?? null,
        headers: headers ? Object.entries(headers) : [],
        cookies: request.cookies ?? null,
        env: request.env ?? null,
        inferredContentType: null,
        fragment: null,
      },
    });
  }
  return entries;
}

/** The full event shape of `getOrganizationIssueEvent`. */
export function serializeEvent(row: EventRecord, ctx: { group: GroupRecord | undefined; next: string | null; previous: string | null }): Record<string, unknown> {
  const json = decodePayload(row.payload);
  const event = JSON.parse(json) as SentryEvent;
  const summary = serializeEventSummary(row, ctx.group);
  const release = asString(event.release);
  const sdk = asRecord(event.sdk);
  return {
    ...summary,
    type: row.kind === 'transaction' ? 'transaction' : row.kind,
    dateReceived: iso(row.received),
    contexts: asRecord(event.contexts) ?? {},
    context: asRecord(event.extra) ?? {},
    size: Buffer.byteLength(json),
    entries: entriesOf(event),
    dist: asString(event.dist) ?? null,
    sdk: sdk ? { name: sdk.name ?? null, version: sdk.version ?? null } : null,
    packages: asRecord(asRecord(event.modules)) ?? {},
    errors: [],
    occurrence: null,
    _meta: {},
    fingerprints: Array.isArray(event.fingerprint) ? event.fingerprint.map(String) : ['{{ default }}'],
    release: release ? { version: release, shortVersion: release, dateCreated: iso(row.received), dateReleased: null, url: null, lastEvent: null, firstEvent: null } : null,
    userReport: null,
    sdkUpdates: [],
    resolvedWith: [],
    nextEventID: ctx.next,
    previousEventID: ctx.previous,
  };
}
