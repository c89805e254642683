/**
 * The interfaces the core needs from the outside world. Adapters in `src/adapters` implement them for Azure
 * Storage (Azurite in tests), the local file system and memory; one contract suite runs against each.
 */

export interface StoredBlob {
  readonly bytes: Uint8Array;
  /** Opaque version token (the storage ETag); changes whenever the blob's content changes. */
  readonly etag: string;
}

/** Blob storage. Transient failures throw (the Functions runtime retries); a missing blob is `undefined`. */
export interface BlobStore {
  read(container: string, name: string): Promise<StoredBlob | undefined>;
  /** Creates or replaces the blob (creating the container when needed). */
  write(container: string, name: string, bytes: Uint8Array, contentType: string): Promise<void>;
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
