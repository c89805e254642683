/**
 * The ingestion ledger in Azure Table Storage. PartitionKey = source (`<container>/<blob>`), RowKey = ETag, both
 * URI-encoded because keys may not contain '/', '\\', '#' or '?'.
 */
import { RestError, TableClient } from '@azure/data-tables';
import type { IngestLedger, LedgerEntry } from '../core/ports.js';

export function tableClientFromConnectionString(connectionString: string, table: string): TableClient {
  // Azurite speaks http; the SDK refuses shared-key auth over http unless told otherwise.
  const insecure = /(^|;)\s*(DefaultEndpointsProtocol=http|TableEndpoint=http:)/i.test(connectionString);
  return TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: insecure });
}

interface LedgerEntity {
  partitionKey: string;
  rowKey: string;
  source: string;
  /** Not `etag`: the Table service owns that property name on every entity. */
  sourceEtag: string;
  rowsIn: number;
  rowsWritten: number;
  rowsQuarantined: number;
  linesQuarantined: number;
  partition: string;
  quarantineBlob: string;
  ingestedAt: string;
}

export function tableLedger(client: TableClient): IngestLedger {
  let created: Promise<void> | undefined;
  const ensure = (): Promise<void> =>
    (created ??= client.createTable().catch((err: unknown) => {
      created = undefined;
      throw err;
    }));
  return {
    async get(source, etag) {
      await ensure();
      try {
        const e = await client.getEntity<LedgerEntity>(encodeURIComponent(source), encodeURIComponent(etag));
        const entry: LedgerEntry = {
          source: e.source,
          etag: e.sourceEtag,
          rowsIn: e.rowsIn,
          rowsWritten: e.rowsWritten,
          rowsQuarantined: e.rowsQuarantined,
          linesQuarantined: e.linesQuarantined,
          partition: e.partition,
          quarantineBlob: e.quarantineBlob,
          ingestedAt: e.ingestedAt,
        };
        return entry;
      } catch (err) {
        if (err instanceof RestError && err.statusCode === 404) return undefined;
        throw err;
      }
    },
    async put(entry) {
      await ensure();
      const entity: LedgerEntity = {
        partitionKey: encodeURIComponent(entry.source),
        rowKey: encodeURIComponent(entry.etag),
        source: entry.source,
        sourceEtag: entry.etag,
        rowsIn: entry.rowsIn,
        rowsWritten: entry.rowsWritten,
        rowsQuarantined: entry.rowsQuarantined,
        linesQuarantined: entry.linesQuarantined,
        partition: entry.partition,
        quarantineBlob: entry.quarantineBlob,
        ingestedAt: entry.ingestedAt,
      };
      await client.upsertEntity(entity, 'Replace');
    },
  };
}
