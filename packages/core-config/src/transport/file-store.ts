import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** One stored envelope. */
export interface StoredRef {
  name: string;
  bytes: number;
}

/** Result of a write: where it went, or why it did not. */
export type StoreWriteResult = { ok: true; ref: StoredRef } | { ok: false; reason: 'store_full' | 'store_error'; error?: unknown };

const SUFFIX = '.envelope';
const TMP_PREFIX = '.tmp-';
// `<name>.claimed-<pid>-<token>`: a file a store instance is sending right now, so that another
// process (or store) sharing the directory does not send it too.
const CLAIM_INFIX = '.claimed-';
// A temp file this old belongs to a writer that died mid-write; newer ones may still be in progress.
const STALE_TMP_MS = 60_000;
// A claim this old is abandoned even if its pid looks alive (pids get reused).
const STALE_CLAIM_MS = 10 * 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

let sequence = 0;
// Tokens of the stores alive in this process: their claims are not abandoned even though they carry our pid.
const liveTokens = new Set<string>();

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/**
 * A directory of envelopes, one file each, named so that name order is write order. Files are
 * written to a temp name and renamed, so a reader never sees half an envelope.
 */
export class FileStore {
  readonly directory: string;
  private readonly maxEnvelopes: number;
  private readonly maxBytes: number;
  // Insertion-ordered: scan results sorted by name, then our own writes (newer names) appended.
  private readonly refs = new Map<string, StoredRef>();
  private totalBytes = 0;
  // Space promised to writes still in progress, so concurrent writes cannot overshoot the limits.
  private reservedCount = 0;
  private reservedBytes = 0;
  // Names of our files renamed to their claimed form while being sent.
  private readonly claimed = new Set<string>();
  private readonly token = randomBytes(4).toString('hex');

  constructor(options: { directory: string; maxEnvelopes: number; maxBytes: number }) {
    this.directory = options.directory;
    this.maxEnvelopes = options.maxEnvelopes;
    this.maxBytes = options.maxBytes;
  }

  /** Creates the directory and indexes what an earlier process left. Synchronous: runs once at init. */
  open(): void {
    mkdirSync(this.directory, { recursive: true });
    liveTokens.add(this.token);
    const now = Date.now();
    const found: StoredRef[] = [];
    for (const name of readdirSync(this.directory)) {
      const path = join(this.directory, name);
      try {
        if (name.startsWith(TMP_PREFIX)) {
          if (now - statSync(path).mtimeMs > STALE_TMP_MS) unlinkSync(path);
          continue;
        }
        const claim = name.indexOf(CLAIM_INFIX);
        if (claim > 0) {
          const [pidText = '', token = ''] = name.slice(claim + CLAIM_INFIX.length).split('-');
          const pid = Number(pidText);
          const stat = statSync(path);
          // Abandoned: its process died, or it carries our pid but no store of ours made it (an
          // earlier run in a container, where every run is pid 1), or it is very old.
          const abandoned = pid === process.pid ? !liveTokens.has(token) : !isAlive(pid);
          if (abandoned || now - stat.ctimeMs > STALE_CLAIM_MS) {
            const original = name.slice(0, claim);
            renameSync(path, join(this.directory, original));
            found.push({ name: original, bytes: stat.size });
          }
          continue;
        }
        if (!name.endsWith(SUFFIX)) continue;
        found.push({ name, bytes: statSync(path).size });
      } catch {
        // Removed by someone else between readdir and stat: nothing to index.
      }
    }
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ref of found) this.add(ref);
  }

  get count(): number {
    return this.refs.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The oldest stored envelopes not in `skip`, at most `limit` of them. */
  oldest(skip: (name: string) => boolean, limit: number): StoredRef[] {
    const out: StoredRef[] = [];
    for (const ref of this.refs.values()) {
      if (out.length >= limit) break;
      if (!skip(ref.name)) out.push(ref);
    }
    return out;
  }

  async write(body: string | Uint8Array): Promise<StoreWriteResult> {
    const bytes = byteLength(body);
    if (!this.reserve(bytes)) return { ok: false, reason: 'store_full' };
    const name = this.nextName();
    const tmp = join(this.directory, `${TMP_PREFIX}${name}`);
    try {
      await writeFile(tmp, body);
      await rename(tmp, join(this.directory, name));
    } catch (error) {
      this.unreserve(bytes);
      await unlink(tmp).catch(() => undefined);
      return { ok: false, reason: 'store_error', error };
    }
    this.unreserve(bytes);
    const ref = { name, bytes };
    this.add(ref);
    return { ok: true, ref };
  }

  /** Synchronous write for shutdown paths (`process.on('exit')`), where nothing async completes. */
  writeSync(body: string | Uint8Array): StoreWriteResult {
    const bytes = byteLength(body);
    if (!this.reserve(bytes)) return { ok: false, reason: 'store_full' };
    const name = this.nextName();
    const tmp = join(this.directory, `${TMP_PREFIX}${name}`);
    try {
      writeFileSync(tmp, body);
      renameSync(tmp, join(this.directory, name));
    } catch (error) {
      this.unreserve(bytes);
      try {
        unlinkSync(tmp);
      } catch {
        // The temp file was never created.
      }
      return { ok: false, reason: 'store_error', error };
    }
    this.unreserve(bytes);
    const ref = { name, bytes };
    this.add(ref);
    return { ok: true, ref };
  }

  /**
   * Claims a stored envelope for sending and reads it. Resolves `undefined` (and forgets the file)
   * when another process claimed or deleted it first.
   */
  async claim(ref: StoredRef): Promise<Uint8Array | undefined> {
    try {
      await rename(join(this.directory, ref.name), this.claimedPath(ref));
    } catch {
      this.forget(ref);
      return undefined;
    }
    this.claimed.add(ref.name);
    return readFile(this.claimedPath(ref));
  }

  /** Gives a claimed envelope back (it could not be sent now), so it is sent later. */
  async release(ref: StoredRef): Promise<void> {
    if (!this.claimed.delete(ref.name)) return;
    await rename(this.claimedPath(ref), join(this.directory, ref.name)).catch(() => this.forget(ref));
  }

  /** Gives back every claim synchronously, for `process.on('exit')`. */
  releaseAllSync(): void {
    for (const name of this.claimed) {
      try {
        renameSync(this.claimedPath({ name, bytes: 0 }), join(this.directory, name));
      } catch {
        // Already gone: nothing to give back.
      }
    }
    this.claimed.clear();
  }

  /** Deletes a stored envelope (after it was delivered or found unreadable). */
  async remove(ref: StoredRef): Promise<void> {
    const path = this.claimed.delete(ref.name) ? this.claimedPath(ref) : join(this.directory, ref.name);
    if (!this.forget(ref)) return;
    await unlink(path).catch(() => undefined);
  }

  private forget(ref: StoredRef): boolean {
    if (!this.refs.delete(ref.name)) return false;
    this.totalBytes -= ref.bytes;
    return true;
  }

  private claimedPath(ref: StoredRef): string {
    return join(this.directory, `${ref.name}${CLAIM_INFIX}${process.pid}-${this.token}`);
  }

  private add(ref: StoredRef): void {
    this.refs.set(ref.name, ref);
    this.totalBytes += ref.bytes;
  }

  private reserve(bytes: number): boolean {
    if (this.refs.size + this.reservedCount + 1 > this.maxEnvelopes) return false;
    if (this.totalBytes + this.reservedBytes + bytes > this.maxBytes) return false;
    this.reservedCount += 1;
    this.reservedBytes += bytes;
    return true;
  }

  private unreserve(bytes: number): void {
    this.reservedCount -= 1;
    this.reservedBytes -= bytes;
  }

  private nextName(): string {
    sequence = (sequence + 1) % 1e9;
    // Zero-padded time first so that lexical order is write order across processes.
    return `${String(Date.now()).padStart(15, '0')}-${String(process.pid).padStart(7, '0')}-${String(sequence).padStart(9, '0')}${SUFFIX}`;
  }
}
