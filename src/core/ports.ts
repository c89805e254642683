/**
 * The interfaces the core needs from the outside world (DESIGN §2). Each has an in-memory adapter for unit
 * tests and an Azure adapter; one contract suite runs against both (test/adapters/stores.contract.ts).
 * Infrastructure failures are thrown; "already exists" / "not found" are values.
 */
import type {
  EventGridEventLike,
  LastRun,
  MetricPoint,
  MetricQuery,
  MonitorRecord,
  OutboxRow,
  RunRecord,
} from './runs/records.js';

/** Inclusive lower and exclusive upper bound (ISO-8601); either may be absent. */
export interface TimeRange {
  readonly from?: string;
  readonly to?: string;
}

export interface StoredBlob {
  readonly bytes: Uint8Array;
  /** Opaque version token (the storage ETag); changes whenever the blob's content changes. */
  readonly etag: string;
}

/**
 * What a blob is written from: one buffer, or consecutive segments whose concatenation is the content (a large
 * Arrow partition refers to its table's memory instead of being copied into one buffer first).
 */
export type BlobContent = Uint8Array | readonly Uint8Array[];

/** Blob storage. Transient failures throw (the Functions runtime retries); a missing blob is `undefined`. */
export interface BlobStore {
  read(container: string, name: string): Promise<StoredBlob | undefined>;
  /** Creates or replaces the blob (creating the container when needed). */
  write(container: string, name: string, content: BlobContent, contentType: string): Promise<void>;
  /** Deletes the blob if it exists. */
  remove(container: string, name: string): Promise<void>;
  /** Blob names under `prefix`, in lexical order. */
  list(container: string, prefix: string): AsyncIterable<string>;
}

/** What ingesting one version of one collector blob produced. */
export interface LedgerEntry {
  /** `<container>/<blob name>` of the source. */
  readonly source: string;
  readonly etag: string;
  readonly rowsIn: number;
  readonly rowsWritten: number;
  readonly rowsQuarantined: number;
  readonly linesQuarantined: number;
  /** Curated partition blob name ('' when the blob was rejected before parsing). */
  readonly partition: string;
  /** Quarantine blob name, or '' when nothing was quarantined. */
  readonly quarantineBlob: string;
  /** ISO time of ingestion. */
  readonly ingestedAt: string;
}

/** The ingestion ledger, keyed by source + ETag, which makes re-delivery of the same version a no-op. */
export interface IngestLedger {
  get(source: string, etag: string): Promise<LedgerEntry | undefined>;
  put(entry: LedgerEntry): Promise<void>;
}

export type CatalogWrite<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'exists' | 'not-found' };

export interface MonitorCatalog {
  /** Creates a monitor; `exists` when the name is taken. */
  create(name: string, yaml: string, now: string, enabled?: boolean): Promise<CatalogWrite<MonitorRecord>>;
  /** Replaces the YAML; keeps createdAt, enabled, lastRun and run history. */
  update(name: string, yaml: string, now: string): Promise<CatalogWrite<MonitorRecord>>;
  get(name: string): Promise<MonitorRecord | undefined>;
  /** All monitors, by name. */
  list(): Promise<MonitorRecord[]>;
  /** True when something was deleted. Run records and results are kept. */
  delete(name: string): Promise<boolean>;
  setEnabled(name: string, enabled: boolean, now: string): Promise<CatalogWrite<MonitorRecord>>;
  /** Records the outcome of a run and/or the next fire time (undefined leaves a field unchanged). */
  setRunState(
    name: string,
    state: { readonly lastRun?: LastRun; readonly nextFireTime?: string },
  ): Promise<CatalogWrite<MonitorRecord>>;
}

export interface ClaimResult {
  readonly claimed: boolean;
  readonly runId: string;
  readonly scheduledTime: string;
}

export interface RunClaims {
  /** Create-only: exactly one caller per (monitor, scheduled time) gets `claimed: true`. */
  claim(monitor: string, scheduledTime: string, now: string): Promise<ClaimResult>;
  isClaimed(monitor: string, scheduledTime: string): Promise<boolean>;
}

export interface RunStore {
  /** Upsert. */
  put(run: RunRecord): Promise<void>;
  get(monitor: string, runId: string): Promise<RunRecord | undefined>;
  /**
   * The monitor's runs, newest scheduled time first; `range` keeps scheduled times in [from, to) (ISO-8601),
   * which also pages through a long history (the next page's `to` is the last scheduled time seen).
   */
  list(monitor: string, limit?: number, range?: TimeRange): Promise<RunRecord[]>;
}

export interface MetricStore {
  /** Idempotent: a point with the same (monitor, signal, feature, dimension, metric, runTime) replaces. */
  upsert(points: readonly MetricPoint[]): Promise<void>;
  /** Points ordered by runTime, then signal, feature, metric. */
  query(q: MetricQuery): Promise<MetricPoint[]>;
}

export interface ResultFile {
  /** Relative to the run folder: `manifest.json`, `signals/<signal>.json`, ... */
  readonly path: string;
  readonly content: unknown;
}

export interface ResultStore {
  /** Writes (overwrites) the run's files under `<monitor>/<runId>/`. */
  write(monitor: string, runId: string, files: readonly ResultFile[]): Promise<void>;
  /** The parsed JSON of one file, or undefined. */
  read(monitor: string, runId: string, path: string): Promise<unknown>;
  /** Relative paths of the run's files, sorted. */
  list(monitor: string, runId: string): Promise<string[]>;
}

export interface Outbox {
  /** Adds the event unless a row with its id exists (redelivery-safe); true when added. */
  enqueue(row: Omit<OutboxRow, 'published' | 'attempts'>): Promise<boolean>;
  /** Unpublished rows, oldest first. */
  pending(limit?: number): Promise<OutboxRow[]>;
  get(eventId: string): Promise<OutboxRow | undefined>;
  /** Records one publish attempt. */
  markAttempt(
    eventId: string,
    outcome:
      | { readonly ok: true; readonly at: string }
      | { readonly ok: false; readonly at: string; readonly error: string },
  ): Promise<OutboxRow | undefined>;
}

/** Sends events to a topic; throws a PublishError after its own retries are exhausted. */
export interface EventPublisher {
  publish(events: readonly EventGridEventLike[]): Promise<void>;
}

export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type MailOutcome =
  { readonly ok: true; readonly messageId: string } | { readonly ok: false; readonly error: string };

/** Never throws: a failed delivery is an outcome recorded on the run. */
export interface Mailer {
  send(message: MailMessage): Promise<MailOutcome>;
}
