/** One contract for every BlobStore and IngestLedger adapter: memory, local folders and Azurite. */
import { describe, expect, inject, it } from 'vitest';
import type { BlobStore, IngestLedger } from '../../src/core/ports.js';
import { adapterFactories, localFactory } from '../helpers/adapters.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

const conn = inject('storageConnectionString');
let n = 0;
const unique = (p: string): string => `${p}${Date.now().toString(36)}${(n++).toString(36)}`;

const blobStores: [string, () => BlobStore][] = [
  ...adapterFactories(conn).map(([name, f]): [string, () => BlobStore] => [
    name,
    () => f([], 'unused').blobs,
  ]),
  ['local', () => localFactory(['ca', 'cb'])],
];

describe.each(blobStores)('BlobStore contract: %s', (name, make) => {
  const container = name === 'local' ? 'ca' : unique('contract');
  it('reads undefined for missing blobs and containers', async () => {
    const s = make();
    expect(await s.read(container, 'nope/x.jsonl')).toBeUndefined();
    expect(await s.read(name === 'local' ? 'cb' : unique('missing'), 'x')).toBeUndefined();
  });

  it('writes, reads back with an ETag that changes with the content, lists by prefix, removes', async () => {
    const s = make();
    await s.write(container, 'a/b/1.jsonl', enc('one'), 'text/plain');
    await s.write(container, 'a/c/2.jsonl', enc('two'), 'text/plain');
    await s.write(container, 'z/3.jsonl', enc('three'), 'text/plain');
    const first = await s.read(container, 'a/b/1.jsonl');
    expect(dec(first!.bytes)).toBe('one');
    expect(first!.etag).not.toBe('');
    await new Promise((r) => setTimeout(r, 5));
    await s.write(container, 'a/b/1.jsonl', enc('one, longer'), 'text/plain');
    const second = await s.read(container, 'a/b/1.jsonl');
    expect(dec(second!.bytes)).toBe('one, longer');
    expect(second!.etag).not.toBe(first!.etag);
    const listed: string[] = [];
    for await (const x of s.list(container, 'a/')) listed.push(x);
    expect(listed).toEqual(['a/b/1.jsonl', 'a/c/2.jsonl']);
    await s.remove(container, 'a/b/1.jsonl');
    await s.remove(container, 'a/b/1.jsonl');
    expect(await s.read(container, 'a/b/1.jsonl')).toBeUndefined();
  });

  it('writes segmented content as its concatenation (small, and large enough to be streamed in blocks)', async () => {
    const s = make();
    await s.write(container, 'seg/small.bin', [enc('ab'), new Uint8Array(0), enc('cd')], 'application/x');
    expect(dec((await s.read(container, 'seg/small.bin'))!.bytes)).toBe('abcd');
    const big = new Uint8Array(9 * 1024 * 1024 + 5);
    for (let i = 0; i < big.length; i += 4093) big[i] = (i >> 12) & 0xff;
    const cuts = [0, 3, 3 * 1024 * 1024 + 1, 8 * 1024 * 1024, big.length];
    const segments = cuts.slice(1).map((end, k) => big.subarray(cuts[k], end));
    await s.write(container, 'seg/big.bin', segments, 'application/x');
    const back = await s.read(container, 'seg/big.bin');
    expect(back!.bytes.byteLength).toBe(big.byteLength);
    expect(Buffer.compare(back!.bytes, big)).toBe(0);
    // A segment longer than two blocks, between short ones.
    const long = new Uint8Array(17 * 1024 * 1024 + 3);
    for (let i = 0; i < long.length; i += 4091) long[i] = (i >> 11) & 0xff;
    const parts = [enc('head'), long, enc('tail')];
    await s.write(container, 'seg/long.bin', parts, 'application/x');
    const longBack = await s.read(container, 'seg/long.bin');
    expect(Buffer.compare(longBack!.bytes, Buffer.concat(parts))).toBe(0);
  });
});

const ledgers: [string, () => IngestLedger][] = adapterFactories(conn).map(([name, f]) => [
  name,
  () => f([], unique('ledger')).ledger,
]);

describe.each(ledgers)('IngestLedger contract: %s', (_name, make) => {
  it('stores entries by source + ETag, with sources and ETags that contain / " # ?', async () => {
    const l = make();
    const entry = {
      source: 'c/ep/dep/col/2024/01/02/03/a#b?.jsonl',
      etag: '"0x8DC"',
      rowsIn: 5,
      rowsWritten: 3,
      rowsQuarantined: 2,
      linesQuarantined: 1,
      partition: 'ep/dep/col/2024/01/02/03/a#b?.arrow',
      quarantineBlob: 'quarantine/x',
      ingestedAt: '2024-01-02T03:04:05.000Z',
    };
    expect(await l.get(entry.source, entry.etag)).toBeUndefined();
    await l.put(entry);
    expect(await l.get(entry.source, entry.etag)).toEqual(entry);
    expect(await l.get(entry.source, '"other"')).toBeUndefined();
    await l.put({ ...entry, rowsWritten: 4, rowsQuarantined: 1 });
    expect((await l.get(entry.source, entry.etag))?.rowsWritten).toBe(4);
  });
});
