/**
 * The ZIP writer of `npm run package`, read back through the reader: names, sizes, CRC-32s (checked against a
 * bitwise CRC-32 written here, independent of zlib), contents and modes; plus the raw record layout of the
 * end of central directory, which other unzip tools rely on.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip, writeZipFile, ZipError, zipToBuffer, type ZipEntry } from '../../scripts/zip.js';

// Reflected CRC-32 (polynomial 0xEDB88320), bit by bit, as in the ZIP specification.
function referenceCrc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

const ENTRIES: ZipEntry[] = [
  { name: 'host.json', data: text(JSON.stringify({ version: '2.0' }, null, 2)) },
  { name: 'empty.txt', data: new Uint8Array(0) },
  { name: 'dist/src/functions/deep/nested/file.js', data: text('export const x = 1;\n'.repeat(500)) },
  { name: 'node_modules/.bin-like/run.sh', data: text('#!/bin/sh\necho hi\n'), mode: 0o755 },
  { name: 'random.bin', data: randomBytes(10_000) }, // incompressible: stored, not deflated
  { name: 'unicode/größe-✓.txt', data: text('ümlaut ✓') },
];

describe('zip writer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zip-test-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips names, sizes, CRC-32s, contents and modes', () => {
    const records = readZip(zipToBuffer(ENTRIES));
    expect(records.map((r) => r.name)).toEqual(ENTRIES.map((e) => e.name));
    for (const [i, r] of records.entries()) {
      const e = ENTRIES[i]!;
      expect(r.size).toBe(e.data.length);
      expect(r.crc32).toBe(referenceCrc32(e.data));
      expect(Buffer.from(r.data).equals(Buffer.from(e.data))).toBe(true);
      expect(r.mode).toBe(0o100000 | (e.mode ?? 0o644));
    }
    const byName = new Map(records.map((r) => [r.name, r]));
    expect(byName.get('empty.txt')!.size).toBe(0);
    expect(byName.get('random.bin')!.method).toBe(0);
    const nested = byName.get('dist/src/functions/deep/nested/file.js')!;
    expect(nested.method).toBe(8);
    expect(nested.compressedSize).toBeLessThan(nested.size / 10);
  });

  it('writes a file with a well-formed end of central directory record', () => {
    const file = path.join(dir, 'a.zip');
    const summary = writeZipFile(file, ENTRIES);
    const bytes = readFileSync(file);
    expect(summary.bytes).toBe(bytes.length);
    expect(summary.entries).toBe(ENTRIES.length);
    expect(summary.uncompressedBytes).toBe(ENTRIES.reduce((s, e) => s + e.data.length, 0));
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    const end = bytes.length - 22;
    expect(bytes.readUInt32LE(end)).toBe(0x06054b50);
    expect(bytes.readUInt16LE(end + 8)).toBe(ENTRIES.length);
    expect(bytes.readUInt16LE(end + 10)).toBe(ENTRIES.length);
    expect(bytes.readUInt32LE(end + 16) + bytes.readUInt32LE(end + 12)).toBe(end);
    expect(readZip(bytes).map((r) => r.name)).toEqual(ENTRIES.map((e) => e.name));
  });

  it('writes an empty archive', () => {
    const bytes = zipToBuffer([]);
    expect(bytes.length).toBe(22);
    expect(readZip(bytes)).toEqual([]);
  });

  it('is reproducible for the same inputs', () => {
    expect(zipToBuffer(ENTRIES).equals(zipToBuffer(ENTRIES))).toBe(true);
  });

  it('rejects bad and duplicate names', () => {
    const data = new Uint8Array(0);
    for (const name of ['', '/abs', 'a\\b', 'a//b', 'a/../b', './a', 'dir/']) {
      expect(() => zipToBuffer([{ name, data }]), name).toThrow(ZipError);
    }
    expect(() =>
      zipToBuffer([
        { name: 'a', data },
        { name: 'a', data },
      ]),
    ).toThrow(/duplicate/);
  });

  it('detects corruption when reading back', () => {
    const bytes = zipToBuffer([{ name: 'a.txt', data: text('hello hello hello hello hello') }]);
    const corrupt = Buffer.from(bytes);
    corrupt[14] = corrupt[14]! ^ 0xff; // local header CRC
    expect(() => readZip(corrupt)).toThrow(ZipError);
    expect(() => readZip(bytes.subarray(0, bytes.length - 5))).toThrow(ZipError);
  });
});
