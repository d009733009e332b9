// SQLite storage with group commit. Every ingest request hands its parsed envelope to `submit`,
// which queues it; one transaction per turn of the event loop writes everything queued and only
// then resolves the callers. So a 200 still means "committed to the WAL and fsynced", while the
// fsync cost is shared by all requests that arrived together.
//
// The fsync itself is taken off the event loop. With `synchronous = FULL` SQLite fsyncs the WAL
// inside COMMIT, and better-sqlite3 is synchronous, so every commit stalled all HTTP work for the
// length of a disk flush (profiled: about half of the server's time). Ingest transactions
// therefore commit with `synchronous = NORMAL` (the frames are written to the WAL, not flushed),
// and the store then flushes the WAL file with an asynchronous `fdatasync` on libuv's thread pool
// before it resolves the callers. Acknowledged events are on disk exactly as with FULL, while the
// main thread parses and commits the next batch. Every other write keeps `synchronous = FULL`.
import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { EventFacts } from './internal/facts';
import { LocalSentryError } from './errors';
import { startCheckpointer, type Checkpointer } from './internal/checkpointer';
import type { ProjectConfig } from './types';

/** WAL flushes allowed in flight at once (libuv's thread pool has 4 threads). */
const MAX_FLUSHES = 2;

/** Kinds of rows in `events`. */
export type EventKind = 'error' | 'default' | 'transaction';

export interface IncomingEvent {
  kind: 'event' | 'transaction';
  /** The columns derived from the event (grouping included). */
  facts: EventFacts;
  /** The stored payload: the event's JSON text, or the gzipped envelope holding it (see `decodePayload`). */
  json: string | Buffer;
  /** True when `json` is the item's text exactly as it arrived. */
  asSent?: boolean;
}

export interface IncomingItem {
  type: string;
  /** JSON text or raw bytes, stored as-is; null when only counted. */
  body: string | Buffer | null;
  count: number;
}

export interface Outcome {
  category: string;
  outcome: 'accepted' | 'filtered' | 'rate_limited' | 'invalid' | 'client_discard';
  reason: string | null;
  quantity: number;
}

/** One parsed envelope (or store request) to write. */
export interface IngestWork {
  projectId: number;
  receivedMs: number;
  events: IncomingEvent[];
  items: IncomingItem[];
  outcomes: Outcome[];
}

/** An issue created by an insert: what new-issue alerts need. */
export interface NewIssue {
  id: number;
  projectId: number;
  title: string;
  level: string;
  environment: string | null;
  shortId: string;
}

export interface StoredEvent {
  eventId: string;
  projectId: number;
  groupId: number | null;
  kind: EventKind;
  environment: string | null;
}

/** What one committed batch contained; handed to listeners after commit. */
export interface CommitResult {
  events: StoredEvent[];
  newIssues: NewIssue[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS projects (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, platform TEXT);
CREATE TABLE IF NOT EXISTS groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL,
  hash TEXT NOT NULL,
  short_num INTEGER NOT NULL,
  title TEXT NOT NULL,
  culprit TEXT,
  level TEXT NOT NULL,
  type TEXT NOT NULL,
  error_type TEXT,
  metadata TEXT NOT NULL,
  platform TEXT,
  status TEXT NOT NULL DEFAULT 'unresolved',
  substatus TEXT NOT NULL DEFAULT 'new',
  is_unhandled INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  times_seen INTEGER NOT NULL DEFAULT 0,
  user_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (project_id, hash)
);
CREATE INDEX IF NOT EXISTS groups_last_seen ON groups (project_id, last_seen);
CREATE TABLE IF NOT EXISTS group_users (group_id INTEGER NOT NULL, user_key TEXT NOT NULL, last_seen INTEGER NOT NULL, PRIMARY KEY (group_id, user_key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_hours (group_id INTEGER NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (group_id, hour)) WITHOUT ROWID;
-- Error counts per second: alert windows, time series and the dashboard read these instead of
-- counting event rows (at 2,000 events/s a 60 s window is 120,000 rows per evaluation).
CREATE TABLE IF NOT EXISTS error_seconds (project_id INTEGER NOT NULL, second INTEGER NOT NULL, environment TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (project_id, second, environment)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  project_id INTEGER NOT NULL,
  group_id INTEGER,
  kind TEXT NOT NULL,
  level TEXT,
  received INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  environment TEXT,
  user_key TEXT,
  error_type TEXT,
  route TEXT,
  duration_ms REAL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_group ON events (group_id, received);
CREATE INDEX IF NOT EXISTS events_project ON events (project_id, kind, received);
CREATE INDEX IF NOT EXISTS events_received ON events (received);
CREATE INDEX IF NOT EXISTS events_event_id ON events (event_id);
CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, type TEXT NOT NULL, received INTEGER NOT NULL, count INTEGER NOT NULL, body BLOB);
CREATE INDEX IF NOT EXISTS items_received ON items (received);
CREATE TABLE IF NOT EXISTS outcomes (
  minute INTEGER NOT NULL, project_id INTEGER NOT NULL, category TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
  quantity INTEGER NOT NULL, PRIMARY KEY (minute, project_id, category, outcome, reason)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alert_config (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, project_id INTEGER, body TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS alert_firings (
  id INTEGER PRIMARY KEY AUTOINCREMENT, rule_key TEXT NOT NULL, rule_name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
  project_id INTEGER NOT NULL, value INTEGER NOT NULL, threshold INTEGER, issue_id INTEGER, title TEXT NOT NULL, created INTEGER NOT NULL, deliveries TEXT NOT NULL);
`;

interface GroupRow {
  id: number;
  status: string;
  last_seen: number;
  first_seen: number;
}

/** The storage layer: schema, group-commit writes and retention. Reads are plain SQL on `db`. */
export class Store {
  readonly db: Database.Database;
  private queue: Array<{ work: IngestWork; resolve: (r: CommitResult) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  /** The WAL file, flushed before acknowledging; undefined for `:memory:` or when it cannot be opened. */
  private walFd: number | undefined;
  private readonly walFile: string | undefined;
  /** Committed batches waiting for the next WAL flush. */
  private unsynced: Array<{ settle: (error?: Error) => void }> = [];
  /** Flushes in flight, by sequence number, with the batches each will settle. */
  private readonly flushing = new Map<number, Array<{ settle: (error?: Error) => void }>>();
  private flushSeq = 0;
  private checkpointer: Checkpointer | undefined;
  private readonly listeners: Array<(result: CommitResult) => void> = [];
  private readonly stmts;

  /** Set while the checkpoint worker restarts the WAL: batches wait in the queue. */
  private writesPaused = false;

  constructor(file: string, options: { maxWalBytes: number }) {
    if (file !== ':memory:') {
      try {
        mkdirSync(dirname(file), { recursive: true });
      } catch (cause) {
        throw new LocalSentryError('storage-failed', `cannot create the folder for the database file ${file}; pass a writable path as \`db\``, { cause });
      }
    }
    try {
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      // FULL: a commit is fsynced before the 200 goes out ("200 means durably stored").
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(SCHEMA);
      if (file !== ':memory:') {
        this.walFile = `${file}-wal`;
        this.db.pragma('wal_autocheckpoint = 0');
        this.checkpointer = startCheckpointer({
          file,
          intervalMs: 250,
          maxWalBytes: options.maxWalBytes,
          pauseWrites: () => {
            this.writesPaused = true;
          },
          resumeWrites: () => this.resumeWrites(),
          onFailure: () => {
            // Fall back to SQLite's own checkpoints rather than let the WAL grow.
            if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
          },
        });
      }
    } catch (cause) {
      throw new LocalSentryError('storage-failed', `cannot open SQLite database ${file}: ${(cause as Error).message}`, { cause });
    }
    const db = this.db;
    this.stmts = {
      findGroup: db.prepare<[number, string], GroupRow>('SELECT id, status, last_seen, first_seen FROM groups WHERE project_id = ? AND hash = ?'),
      nextShort: db.prepare<[number], { n: number }>('SELECT coalesce(max(short_num), 0) + 1 AS n FROM groups WHERE project_id = ?'),
      insertGroup: db.prepare(
        `INSERT INTO groups (project_id, hash, short_num, title, culprit, level, type, error_type, metadata, platform, is_unhandled, first_seen, last_seen, times_seen, user_count)
         VALUES (@projectId, @hash, @shortNum, @title, @culprit, @level, @type, @errorType, @metadata, @platform, @isUnhandled, @seen, @seen, 1, 0)`,
      ),
      touchGroup: db.prepare(
        `UPDATE groups SET times_seen = times_seen + 1, last_seen = max(last_seen, @seen), first_seen = min(first_seen, @seen), level = @level, title = @title, culprit = @culprit,
           is_unhandled = max(is_unhandled, @isUnhandled),
           status = CASE WHEN status = 'resolved' THEN 'unresolved' ELSE status END,
           substatus = CASE WHEN status = 'resolved' THEN 'regressed' WHEN substatus = 'new' THEN 'ongoing' ELSE substatus END
         WHERE id = @id`,
      ),
      findUser: db.prepare<[number, string], { last_seen: number }>('SELECT last_seen FROM group_users WHERE group_id = ? AND user_key = ?'),
      insertUser: db.prepare('INSERT INTO group_users (group_id, user_key, last_seen) VALUES (?, ?, ?)'),
      touchUser: db.prepare('UPDATE group_users SET last_seen = max(last_seen, ?) WHERE group_id = ? AND user_key = ?'),
      incUsers: db.prepare('UPDATE groups SET user_count = user_count + 1 WHERE id = ?'),
      bumpSecond: db.prepare(
        'INSERT INTO error_seconds (project_id, second, environment, count) VALUES (?, ?, ?, 1) ON CONFLICT (project_id, second, environment) DO UPDATE SET count = count + 1',
      ),
      bumpHour: db.prepare('INSERT INTO group_hours (group_id, hour, count) VALUES (?, ?, 1) ON CONFLICT (group_id, hour) DO UPDATE SET count = count + 1'),
      insertEvent: db.prepare(
        `INSERT INTO events (event_id, project_id, group_id, kind, level, received, timestamp, environment, user_key, error_type, route, duration_ms, payload)
         VALUES (@eventId, @projectId, @groupId, @kind, @level, @received, @timestamp, @environment, @userKey, @errorType, @route, @durationMs, @payload)`,
      ),
      insertItem: db.prepare('INSERT INTO items (project_id, type, received, count, body) VALUES (?, ?, ?, ?, ?)'),
      syncNormal: db.prepare('PRAGMA synchronous = NORMAL'),
      syncFull: db.prepare('PRAGMA synchronous = FULL'),
      addOutcome: db.prepare(
        `INSERT INTO outcomes (minute, project_id, category, outcome, reason, quantity) VALUES (@minute, @projectId, @category, @outcome, @reason, @quantity)
         ON CONFLICT (minute, project_id, category, outcome, reason) DO UPDATE SET quantity = quantity + excluded.quantity`,
      ),
    };
  }

  /** Creates or updates the configured projects. */
  syncProjects(projects: ProjectConfig[]): void {
    const upsert = this.db.prepare(
      'INSERT INTO projects (id, slug, name, platform) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, name = excluded.name, platform = excluded.platform',
    );
    this.db.transaction(() => {
      for (const p of projects) upsert.run(p.id, p.slug, p.name ?? p.slug, p.platform ?? 'node');
    })();
  }

  /** Called after every commit with what it stored. */
  onCommit(listener: (result: CommitResult) => void): void {
    this.listeners.push(listener);
  }

  /** Queues one envelope's data; resolves after the transaction holding it has committed. */
  submit(work: IngestWork): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private resumeWrites(): void {
    this.writesPaused = false;
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Writes everything queued in one transaction (falling back to one per request if that fails).
   * IMMEDIATE transactions: they take the write lock first and so wait (busy_timeout) for a
   * checkpoint in progress, where a deferred one that read first would fail at once.
   */
  private flush(): void {
    this.scheduled = false;
    // resumeWrites() schedules the queue again.
    if (this.writesPaused) return;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const deferSync = this.openWal();
    if (deferSync) this.stmts.syncNormal.run();
    const combined: CommitResult = { events: [], newIssues: [] };
    const committed: Array<{ resolve: (r: CommitResult) => void; reject: (e: unknown) => void; result: CommitResult }> = [];
    try {
      try {
        const results = this.db.transaction(() => batch.map(({ work }) => this.apply(work))).immediate();
        batch.forEach(({ resolve, reject }, i) => committed.push({ resolve, reject, result: results[i]! }));
      } catch {
        // One bad request must not fail the others that shared its transaction.
        for (const { work, resolve, reject } of batch) {
          try {
            committed.push({ resolve, reject, result: this.db.transaction(() => this.apply(work)).immediate() });
          } catch (error) {
            reject(error);
          }
        }
      }
    } finally {
      if (deferSync) this.stmts.syncFull.run();
    }
    for (const { result } of committed) {
      combined.events.push(...result.events);
      combined.newIssues.push(...result.newIssues);
    }
    const settle = (error?: Error): void => {
      if (error !== undefined) {
        for (const { reject } of committed) reject(error);
        return;
      }
      for (const { resolve, result } of committed) resolve(result);
      for (const listener of this.listeners) listener(combined);
    };
    if (!deferSync) {
      settle();
      return;
    }
    this.unsynced.push({ settle });
    this.syncWal();
  }

  /** Opens the WAL file once, for flushing it; false when commits must sync themselves (FULL). */
  private openWal(): boolean {
    if (this.walFd !== undefined) return true;
    if (this.walFile === undefined) return false;
    try {
      this.walFd = openSync(this.walFile, 'r+');
      return true;
    } catch {
      // No WAL file to flush (yet): this batch commits with FULL, the next one tries again.
      return false;
    }
  }

  /**
   * Flushes the WAL and then settles the batches committed before the flush started. Up to
   * MAX_FLUSHES flushes run at once on the thread pool: a batch then waits for its own flush,
   * not also for the one in flight when it committed (measured: the wait for the previous
   * flush was most of the latency). Batches committed while all are busy share the next one.
   * A flush covers everything written before it began, so when one completes, the batches of
   * every earlier flush are durable too and are settled with it.
   */
  private syncWal(): void {
    if (this.flushing.size >= MAX_FLUSHES || this.unsynced.length === 0 || this.walFd === undefined) return;
    const seq = ++this.flushSeq;
    this.flushing.set(seq, this.unsynced);
    this.unsynced = [];
    fdatasync(this.walFd, (cause) => {
      if (cause === null) {
        for (const [earlier, waiting] of this.flushing) {
          if (earlier > seq) continue;
          this.flushing.delete(earlier);
          for (const { settle } of waiting) settle();
        }
      } else {
        const waiting = this.flushing.get(seq) ?? [];
        this.flushing.delete(seq);
        const error = new LocalSentryError('storage-failed', `could not flush the SQLite WAL to disk: ${cause.message}`, { cause });
        for (const { settle } of waiting) settle(error);
      }
      this.syncWal();
    });
  }

  private apply(work: IngestWork): CommitResult {
    const result: CommitResult = { events: [], newIssues: [] };
    for (const event of work.events) {
      const stored = event.kind === 'transaction' ? this.applyTransaction(work, event) : this.applyError(work, event, result);
      result.events.push(stored);
    }
    for (const item of work.items) this.stmts.insertItem.run(work.projectId, item.type, work.receivedMs, item.count, item.body);
    const minute = Math.floor(work.receivedMs / 60_000) * 60;
    for (const o of work.outcomes) {
      if (o.quantity > 0) this.stmts.addOutcome.run({ minute, projectId: work.projectId, category: o.category, outcome: o.outcome, reason: o.reason ?? '', quantity: o.quantity });
    }
    return result;
  }

  private applyTransaction(work: IngestWork, event: IncomingEvent): StoredEvent {
    const facts = event.facts;
    this.stmts.insertEvent.run({
      eventId: facts.eventId,
      projectId: work.projectId,
      groupId: null,
      kind: 'transaction',
      level: null,
      received: work.receivedMs,
      timestamp: facts.timestamp,
      environment: facts.environment,
      userKey: facts.userKey,
      errorType: null,
      route: facts.route,
      durationMs: facts.durationMs,
      payload: event.json,
    });
    return { eventId: facts.eventId, projectId: work.projectId, groupId: null, kind: 'transaction', environment: facts.environment };
  }

  private applyError(work: IngestWork, event: IncomingEvent, result: CommitResult): StoredEvent {
    const facts = event.facts;
    const group = facts.group!;
    const seen = work.receivedMs;
    const environment = facts.environment;
    const fields = { title: group.title, culprit: group.culprit, level: group.level, isUnhandled: group.isUnhandled, seen };
    const existing = this.stmts.findGroup.get(work.projectId, group.hash);
    let groupId: number;
    if (existing === undefined) {
      const shortNum = this.stmts.nextShort.get(work.projectId)!.n;
      const info = this.stmts.insertGroup.run({
        ...fields,
        projectId: work.projectId,
        hash: group.hash,
        shortNum,
        type: group.type,
        errorType: group.errorType,
        metadata: group.metadata,
        platform: group.platform,
      });
      groupId = Number(info.lastInsertRowid);
      result.newIssues.push({ id: groupId, projectId: work.projectId, title: group.title, level: group.level, environment, shortId: String(shortNum) });
    } else {
      groupId = existing.id;
      this.stmts.touchGroup.run({ ...fields, id: groupId });
    }
    const user = facts.userKey;
    if (user !== null) {
      if (this.stmts.findUser.get(groupId, user) === undefined) {
        this.stmts.insertUser.run(groupId, user, seen);
        this.stmts.incUsers.run(groupId);
      } else {
        this.stmts.touchUser.run(seen, groupId, user);
      }
    }
    this.stmts.bumpHour.run(groupId, Math.floor(seen / 3_600_000));
    this.stmts.bumpSecond.run(work.projectId, Math.floor(seen / 1000), environment ?? '');
    this.stmts.insertEvent.run({
      eventId: facts.eventId,
      projectId: work.projectId,
      groupId,
      kind: group.type,
      level: facts.level,
      received: seen,
      timestamp: facts.timestamp,
      environment,
      userKey: user,
      errorType: group.errorType,
      route: facts.route,
      durationMs: null,
      payload: event.json,
    });
    return { eventId: facts.eventId, projectId: work.projectId, groupId, kind: group.type, environment };
  }

  /**
   * Deletes up to `limit` events received before `cutoffMs` and keeps issue counters consistent:
   * counts and first-seen are recomputed for touched issues, and issues left without events go.
   */
  purgeBatch(cutoffMs: number, limit: number): { events: number; issues: number } {
    // IMMEDIATE, like the ingest transactions: a deferred transaction that reads first cannot take
    // the write lock while the checkpoint worker restarts the WAL (SQLITE_BUSY at once, no wait).
    return this.db.transaction(() => {
      const rows = this.db
        .prepare<[number, number], { id: number; group_id: number | null }>('SELECT id, group_id FROM events WHERE received < ? ORDER BY received LIMIT ?')
        .all(cutoffMs, limit);
      if (rows.length === 0) return { events: 0, issues: 0 };
      const perGroup = new Map<number, number>();
      const del = this.db.prepare('DELETE FROM events WHERE id = ?');
      for (const row of rows) {
        del.run(row.id);
        if (row.group_id !== null) perGroup.set(row.group_id, (perGroup.get(row.group_id) ?? 0) + 1);
      }
      let issues = 0;
      const cutoffHour = Math.floor(cutoffMs / 3_600_000);
      for (const [groupId, removed] of perGroup) {
        const left = this.db.prepare<[number], { n: number; first: number | null }>('SELECT count(*) AS n, min(received) AS first FROM events WHERE group_id = ?').get(groupId)!;
        if (left.n === 0) {
          this.db.prepare('DELETE FROM groups WHERE id = ?').run(groupId);
          this.db.prepare('DELETE FROM group_users WHERE group_id = ?').run(groupId);
          this.db.prepare('DELETE FROM group_hours WHERE group_id = ?').run(groupId);
          issues++;
          continue;
        }
        this.db.prepare('DELETE FROM group_users WHERE group_id = ? AND last_seen < ?').run(groupId, cutoffMs);
        this.db.prepare('DELETE FROM group_hours WHERE group_id = ? AND hour < ?').run(groupId, cutoffHour);
        this.db
          .prepare('UPDATE groups SET times_seen = max(0, times_seen - ?), first_seen = ?, user_count = (SELECT count(*) FROM group_users WHERE group_id = ?) WHERE id = ?')
          .run(removed, left.first, groupId, groupId);
      }
      return { events: rows.length, issues };
    }).immediate();
  }

  /** Deletes stored envelope items and outcomes older than the cutoff (one batch). */
  purgeOther(cutoffMs: number, limit: number): number {
    const items = this.db.prepare('DELETE FROM items WHERE id IN (SELECT id FROM items WHERE received < ? LIMIT ?)').run(cutoffMs, limit).changes;
    const outcomes = this.db.prepare('DELETE FROM outcomes WHERE minute < ?').run(Math.floor(cutoffMs / 1000)).changes;
    this.db.prepare('DELETE FROM error_seconds WHERE second < ?').run(Math.floor(cutoffMs / 1000));
    return items + outcomes;
  }

  /** Waits for queued writes, then closes the database. */
  async close(): Promise<void> {
    this.resumeWrites();
    while (this.queue.length > 0 || this.scheduled || this.flushing.size > 0 || this.unsynced.length > 0) await new Promise((r) => setImmediate(r));
    if (this.walFd !== undefined) closeSync(this.walFd);
    this.walFd = undefined;
    await this.checkpointer?.stop();
    this.db.close();
  }
}
