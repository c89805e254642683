/**
 * The ingestion use case, shared by the blob trigger, the CLI backfill and `npm start`: one collector blob (its
 * current version) → one curated Arrow partition + quarantine records + a ledger entry.
 *
 * Idempotent per version: the ledger (source + ETag) turns re-delivery into a no-op, and a later version of the
 * same blob replaces the partition and quarantine blob, so the result always equals ingesting the latest version
 * once. The ledger entry is written last, so a crash in between leads to a clean redo, not a lost blob.
 */
import { tableToArrowSegments } from '../data/arrow.js';
import {
  DatarefUnreadableError,
  ROLES_METADATA_KEY,
  parseCollectorText,
  type ColumnRoles,
  type IngestCounts,
  type QuarantineRecord,
} from '../data/collector.js';
import { curatedPartitionName, parseCollectorBlobPath, quarantineBlobName } from '../data/collector-path.js';
import type { Table } from '../data/table.js';
import type { BlobStore, IngestLedger, LedgerEntry } from '../ports.js';
import { datarefCandidates } from './datarefs.js';

export interface IngestSettings {
  readonly collectorContainer: string;
  readonly curatedContainer: string;
  readonly maxLineBytes: number;
}

export interface IngestDeps {
  readonly blobs: BlobStore;
  readonly ledger: IngestLedger;
  readonly settings: IngestSettings;
}

export type IngestOutcome =
  | {
      readonly status: 'ingested';
      readonly blobName: string;
      readonly etag: string;
      readonly partition: string;
      readonly quarantineBlob: string;
      readonly counts: IngestCounts;
      readonly roles: ColumnRoles;
      readonly table: Table;
      readonly quarantine: readonly QuarantineRecord[];
    }
  | {
      readonly status: 'duplicate';
      readonly blobName: string;
      readonly etag: string;
      readonly entry: LedgerEntry;
    }
  | { readonly status: 'skipped'; readonly blobName: string; readonly reason: string }
  | { readonly status: 'missing'; readonly blobName: string }
  | {
      readonly status: 'rejected';
      readonly blobName: string;
      readonly etag: string;
      readonly message: string;
      readonly quarantineBlob: string;
    };

export const ARROW_CONTENT_TYPE = 'application/vnd.apache.arrow.file';
const JSONL_CONTENT_TYPE = 'application/x-ndjson';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

function decode(bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function quarantineBytes(records: readonly QuarantineRecord[], etag: string): Uint8Array {
  return encoder.encode(records.map((r) => JSON.stringify({ ...r, etag })).join('\n') + '\n');
}

/** Ingests the current version of `blobName` in the collector container. `now` stamps the ledger entry. */
export async function ingestBlob(deps: IngestDeps, blobName: string, now: Date): Promise<IngestOutcome> {
  const { blobs, ledger, settings } = deps;
  // The trigger fires for every blob in the container, dataref JSON files included: only .jsonl is collector output.
  if (!blobName.endsWith('.jsonl')) return { status: 'skipped', blobName, reason: 'not a .jsonl blob' };
  const source = await blobs.read(settings.collectorContainer, blobName);
  if (!source) return { status: 'missing', blobName };
  const sourceKey = `${settings.collectorContainer}/${blobName}`;
  const seen = await ledger.get(sourceKey, source.etag);
  if (seen) return { status: 'duplicate', blobName, etag: source.etag, entry: seen };

  const qName = quarantineBlobName(blobName);
  const path = parseCollectorBlobPath(blobName);
  if (!path.ok) {
    const text = decode(source.bytes);
    const record: QuarantineRecord = {
      sourceBlob: blobName,
      line: 0,
      reason: 'bad-blob-path',
      message: path.message,
      rows: 0,
      raw: text.length > 1024 ? `${text.slice(0, 1024)}…` : text,
    };
    await blobs.write(
      settings.curatedContainer,
      qName,
      quarantineBytes([record], source.etag),
      JSONL_CONTENT_TYPE,
    );
    await ledger.put({
      source: sourceKey,
      etag: source.etag,
      rowsIn: 0,
      rowsWritten: 0,
      rowsQuarantined: 0,
      linesQuarantined: 0,
      partition: '',
      quarantineBlob: qName,
      ingestedAt: now.toISOString(),
    });
    return { status: 'rejected', blobName, etag: source.etag, message: path.message, quarantineBlob: qName };
  }

  const parsed = await parseCollectorText(decode(source.bytes), {
    sourceBlob: blobName,
    maxLineBytes: settings.maxLineBytes,
    loadDataref: async (ref) => {
      const candidates = datarefCandidates(ref, blobName, settings.collectorContainer);
      for (const c of candidates) {
        const blob = await blobs.read(c.container, c.name);
        if (!blob) continue;
        try {
          return JSON.parse(decode(blob.bytes)) as unknown;
        } catch (err) {
          throw new DatarefUnreadableError(
            `${c.container}/${c.name} is not JSON (${err instanceof Error ? err.message : String(err)})`,
          );
        }
      }
      throw new DatarefUnreadableError(
        candidates.length === 0
          ? 'not a blob URL or path'
          : `no such blob (tried ${candidates.map((c) => `${c.container}/${c.name}`).join(', ')})`,
      );
    },
  });

  const partition = curatedPartitionName(path.path);
  // Segments that refer to the table's memory: the file is not copied into one new buffer before the upload.
  const arrow = tableToArrowSegments(parsed.table, {
    schemaMetadata: {
      [ROLES_METADATA_KEY]: JSON.stringify(parsed.roles),
      'modelmonitor.source': JSON.stringify({
        container: settings.collectorContainer,
        blob: blobName,
        etag: source.etag,
      }),
    },
  });
  await blobs.write(settings.curatedContainer, partition, arrow, ARROW_CONTENT_TYPE);
  // A later version may have fewer bad lines than the previous one: the quarantine blob always matches the latest.
  if (parsed.quarantine.length > 0)
    await blobs.write(
      settings.curatedContainer,
      qName,
      quarantineBytes(parsed.quarantine, source.etag),
      JSONL_CONTENT_TYPE,
    );
  else await blobs.remove(settings.curatedContainer, qName);
  const c = parsed.counts;
  await ledger.put({
    source: sourceKey,
    etag: source.etag,
    rowsIn: c.rowsIn,
    rowsWritten: c.rowsWritten,
    rowsQuarantined: c.rowsQuarantined,
    linesQuarantined: c.linesQuarantined,
    partition,
    quarantineBlob: parsed.quarantine.length > 0 ? qName : '',
    ingestedAt: now.toISOString(),
  });
  return {
    status: 'ingested',
    blobName,
    etag: source.etag,
    partition,
    quarantineBlob: parsed.quarantine.length > 0 ? qName : '',
    counts: c,
    roles: parsed.roles,
    table: parsed.table,
    quarantine: parsed.quarantine,
  };
}
