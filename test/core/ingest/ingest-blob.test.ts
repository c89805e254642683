/**
 * The ingestion use case over memory and Azurite adapters: the malformed-input suite (each bad case gives the
 * documented quarantine record and ledger counts) and idempotency (same version twice; a blob that grows).
 */
import { describe, expect, inject, it } from 'vitest';
import { arrowBytesToTable } from '../../../src/core/data/arrow.js';
import { rolesFromSchemaMetadata, type QuarantineReason } from '../../../src/core/data/collector.js';
import { ingestBlob, type IngestDeps } from '../../../src/core/ingest/ingest-blob.js';
import { getColumn, valueAt } from '../../../src/core/data/table.js';
import { adapterFactories } from '../../helpers/adapters.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const NOW = new Date('2024-03-05T19:00:00Z');
const BLOB = 'ep/dep/model_inputs/2024/03/05/18/inst1.jsonl';
const PARTITION = 'ep/dep/model_inputs/2024/03/05/18/inst1.arrow';
const good = (cid: string, rows: unknown[]): string =>
  JSON.stringify({ specversion: '1.0', time: '2024-03-05T18:16:25Z', correlationid: cid, data: rows });

let n = 0;
const conn = inject('storageConnectionString');

describe.each(adapterFactories(conn))('ingestBlob with %s adapters', (_name, factory) => {
  function setup(maxLineBytes = 400): IngestDeps {
    const id = `${Date.now().toString(36)}${(n++).toString(36)}`;
    const settings = { collectorContainer: `col${id}`, curatedContainer: `cur${id}`, maxLineBytes };
    const { blobs, ledger } = factory(
      [settings.collectorContainer, settings.curatedContainer],
      `ledger${id}`,
    );
    return { blobs, ledger, settings };
  }
  const put = (d: IngestDeps, name: string, text: string): Promise<void> =>
    d.blobs.write(d.settings.collectorContainer, name, enc(text), 'application/x-ndjson');

  // Each bad case: the line, the documented reason, and how many rows it counts for.
  const badCases: [string, string, QuarantineReason, number][] = [
    ['malformed JSON', '{"time":"t","data":[{"a":1}', 'malformed-json', 1],
    ['JSON that is not a record', '[{"a":1}]', 'not-a-record', 1],
    ['no data / dataref', JSON.stringify({ time: 't', correlationid: 'z' }), 'no-data', 1],
    [
      'dataref to a missing blob',
      JSON.stringify({ time: 't', correlationid: 'z', dataref: 'refs/none.json' }),
      'dataref-unreadable',
      1,
    ],
    [
      'dataref to a non-JSON blob',
      JSON.stringify({ time: 't', correlationid: 'z', dataref: 'refs/bad.json' }),
      'dataref-unreadable',
      1,
    ],
    ['a row that is not an object', good('z', [{ a: 1 }, 7, { a: 2 }]), 'row-not-object', 3],
    ['a line over the byte limit', good('z', [{ a: 'é'.repeat(300) }]), 'line-too-long', 1],
  ];

  it.each(badCases)(
    'quarantines %s; good lines of the blob still ingest',
    async (_label, bad, reason, rows) => {
      const d = setup();
      await d.blobs.write(
        d.settings.collectorContainer,
        'refs/bad.json',
        enc('not json'),
        'application/json',
      );
      await put(d, BLOB, [good('g1', [{ a: 1 }, { a: 2 }]), bad, '', good('g2', [{ a: 3 }])].join('\n'));
      const out = await ingestBlob(d, BLOB, NOW);
      expect(out.status).toBe('ingested');
      if (out.status !== 'ingested') return;
      expect(out.counts).toEqual({
        linesRead: 3,
        linesQuarantined: 1,
        rowsIn: 3 + rows,
        rowsWritten: 3,
        rowsQuarantined: rows,
      });

      const q = await d.blobs.read(d.settings.curatedContainer, `quarantine/${BLOB}`);
      const records = dec(q!.bytes)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ sourceBlob: BLOB, line: 2, reason, rows, raw: bad, etag: out.etag });
      expect(typeof records[0]!.message).toBe('string');

      const entry = await d.ledger.get(`${d.settings.collectorContainer}/${BLOB}`, out.etag);
      expect(entry).toMatchObject({
        rowsIn: 3 + rows,
        rowsWritten: 3,
        rowsQuarantined: rows,
        linesQuarantined: 1,
        quarantineBlob: `quarantine/${BLOB}`,
      });

      const part = await d.blobs.read(d.settings.curatedContainer, PARTITION);
      const { table, schemaMetadata } = arrowBytesToTable(part!.bytes);
      const roles = rolesFromSchemaMetadata(schemaMetadata)!;
      const cid = getColumn(table, roles.correlationid)!;
      expect([0, 1, 2].map((i) => valueAt(cid, i))).toEqual(['g1_0', 'g1_1', 'g2_0']);
    },
  );

  it('loads dataref rows from the collector container (relative path and https URL)', async () => {
    const d = setup();
    await d.blobs.write(
      d.settings.collectorContainer,
      'big/p1.json',
      enc('[{"a":10},{"a":11}]'),
      'application/json',
    );
    const url = `https://acct.blob.core.windows.net/${d.settings.collectorContainer}/big/p1.json`;
    await put(
      d,
      BLOB,
      [
        JSON.stringify({ time: 't', correlationid: 'r', dataref: 'big/p1.json' }),
        JSON.stringify({ time: 't', correlationid: 'u', dataref: url }),
      ].join('\n'),
    );
    const out = await ingestBlob(d, BLOB, NOW);
    if (out.status !== 'ingested') throw new Error(out.status);
    expect(out.counts.rowsWritten).toBe(4);
    const cid = getColumn(out.table, out.roles.correlationid)!;
    expect([0, 1, 2, 3].map((i) => valueAt(cid, i))).toEqual(['r_0', 'r_1', 'u_0', 'u_1']);
    expect(await d.blobs.read(d.settings.curatedContainer, `quarantine/${BLOB}`)).toBeUndefined();
  });

  it('rejects a .jsonl blob outside the collector layout with a quarantine record, and skips other blobs', async () => {
    const d = setup();
    await put(d, 'misplaced/file.jsonl', good('a', [{ a: 1 }]));
    const out = await ingestBlob(d, 'misplaced/file.jsonl', NOW);
    expect(out.status).toBe('rejected');
    const q = await d.blobs.read(d.settings.curatedContainer, 'quarantine/misplaced/file.jsonl');
    expect(JSON.parse(dec(q!.bytes).trim())).toMatchObject({ reason: 'bad-blob-path', line: 0 });
    expect((await ingestBlob(d, 'ep/dep/c/2024/01/01/00/x.json', NOW)).status).toBe('skipped');
    expect((await ingestBlob(d, BLOB, NOW)).status).toBe('missing');
  });

  it('treats re-delivery of the same version as a no-op', async () => {
    const d = setup();
    await put(d, BLOB, good('a', [{ a: 1 }, { a: 2 }]));
    const first = await ingestBlob(d, BLOB, NOW);
    expect(first.status).toBe('ingested');
    const partition = await d.blobs.read(d.settings.curatedContainer, PARTITION);
    const second = await ingestBlob(d, BLOB, new Date(NOW.getTime() + 60_000));
    expect(second.status).toBe('duplicate');
    if (second.status === 'duplicate') expect(second.entry.ingestedAt).toBe(NOW.toISOString());
    const after = await d.blobs.read(d.settings.curatedContainer, PARTITION);
    expect(after!.etag).toBe(partition!.etag);
  });

  it('replaces the partition when the blob grows, equal to ingesting the latest version once', async () => {
    const d = setup();
    const v1 = [good('a', [{ a: 1 }]), '{broken'].join('\n');
    const v2 = [good('a', [{ a: 1 }]), good('b', [{ a: 2, b: 'x' }, { a: 3 }])].join('\n');
    await put(d, BLOB, v1);
    const o1 = await ingestBlob(d, BLOB, NOW);
    if (o1.status !== 'ingested') throw new Error(o1.status);
    expect(o1.counts.linesQuarantined).toBe(1);
    await put(d, BLOB, v2);
    const o2 = await ingestBlob(d, BLOB, NOW);
    if (o2.status !== 'ingested') throw new Error(o2.status);
    expect(o2.etag).not.toBe(o1.etag);
    // The quarantine of the older version is gone: v2 has no bad lines.
    expect(await d.blobs.read(d.settings.curatedContainer, `quarantine/${BLOB}`)).toBeUndefined();

    const fresh = setup();
    await put(fresh, BLOB, v2);
    const once = await ingestBlob(fresh, BLOB, NOW);
    if (once.status !== 'ingested') throw new Error(once.status);
    const grown = arrowBytesToTable((await d.blobs.read(d.settings.curatedContainer, PARTITION))!.bytes);
    const direct = arrowBytesToTable(
      (await fresh.blobs.read(fresh.settings.curatedContainer, PARTITION))!.bytes,
    );
    expect(grown.table).toEqual(direct.table);
    expect(JSON.parse(grown.schemaMetadata['modelmonitor.roles']!)).toEqual(
      JSON.parse(direct.schemaMetadata['modelmonitor.roles']!),
    );
    expect(grown.table.rowCount).toBe(3);
    expect(o2.counts).toEqual(once.counts);
  });
});
