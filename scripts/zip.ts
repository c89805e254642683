/**
 * A small standard ZIP writer and reader (PKWARE APPNOTE: local file headers, central directory, end of central
 * directory; deflate via `node:zlib`, CRC-32 via `zlib.crc32`), so `npm run package` needs no zip library and no
 * `zip` binary on the machine or in CI. Files only (directories are implied by the names), forward-slash UTF-8
 * names, no ZIP64: the deployment package is far below 4 GiB and 65 535 entries, and both limits are checked.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive: forward slashes, no leading slash, no `.`/`..`/empty segments. */
  readonly name: string;
  readonly data: Uint8Array;
  /** Unix permission bits (e.g. 0o644, 0o755); default 0o644. */
  readonly mode?: number;
  /** Modification time stored in the entry (DOS format, 2-second resolution, local fields read as UTC). */
  readonly mtime?: Date;
}

export interface ZipSummary {
  readonly entries: number;
  readonly bytes: number;
  readonly uncompressedBytes: number;
}

export interface ZipRecord {
  readonly name: string;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly mode: number;
  readonly data: Uint8Array;
}

export class ZipError extends Error {
  override name = 'ZipError';
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const FLAG_UTF8 = 0x0800;
const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_MADE_BY = (3 << 8) | 20; // 3 = Unix, so external attributes carry the mode
const MAX_U32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
// A fixed time makes the zip reproducible for unchanged inputs.
const DEFAULT_MTIME = new Date(Date.UTC(2000, 0, 1));

function checkName(name: string): void {
  const bad =
    name.length === 0 ||
    name.includes('\\') ||
    name.startsWith('/') ||
    name.split('/').some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new ZipError(`invalid entry name ${JSON.stringify(name)}`);
}

function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

/**
 * Streams a ZIP archive of `entries` to `write` (chunks in order). Each entry is deflated, or stored when deflate
 * does not make it smaller. Duplicate names are an error.
 */
export function encodeZip(entries: Iterable<ZipEntry>, write: (chunk: Uint8Array) => void): ZipSummary {
  const central: Buffer[] = [];
  const seen = new Set<string>();
  let offset = 0;
  let uncompressedBytes = 0;
  const emit = (chunk: Uint8Array): void => {
    write(chunk);
    offset += chunk.length;
  };
  for (const entry of entries) {
    checkName(entry.name);
    if (seen.has(entry.name)) throw new ZipError(`duplicate entry ${entry.name}`);
    seen.add(entry.name);
    if (seen.size > MAX_ENTRIES) throw new ZipError(`more than ${MAX_ENTRIES} entries need ZIP64`);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data);
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const method = stored ? 0 : 8;
    const { date, time } = dosDateTime(entry.mtime ?? DEFAULT_MTIME);
    if (entry.data.length > MAX_U32 || offset > MAX_U32) throw new ZipError('archive needs ZIP64');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const cen = Buffer.alloc(46 + name.length);
    cen.writeUInt32LE(SIG_CENTRAL, 0);
    cen.writeUInt16LE(VERSION_MADE_BY, 4);
    cen.writeUInt16LE(VERSION_NEEDED, 6);
    cen.writeUInt16LE(FLAG_UTF8, 8);
    cen.writeUInt16LE(method, 10);
    cen.writeUInt16LE(time, 12);
    cen.writeUInt16LE(date, 14);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(entry.data.length, 24);
    cen.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number start, internal attributes: all 0
    cen.writeUInt32LE((0o100000 | ((entry.mode ?? 0o644) & 0o7777)) * 0x10000, 38); // regular file + mode
    cen.writeUInt32LE(offset, 42);
    name.copy(cen, 46);
    central.push(cen);

    emit(local);
    emit(name);
    emit(body);
    uncompressedBytes += entry.data.length;
  }
  const cdOffset = offset;
  for (const c of central) emit(c);
  const cdSize = offset - cdOffset;
  if (cdOffset > MAX_U32 || cdSize > MAX_U32) throw new ZipError('archive needs ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  // disk numbers 0
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdOffset, 16);
  // comment length 0
  emit(end);
  return { entries: central.length, bytes: offset, uncompressedBytes };
}

/** Writes the archive to `file` (created or truncated). */
export function writeZipFile(file: string, entries: Iterable<ZipEntry>): ZipSummary {
  const fd = openSync(file, 'w');
  try {
    return encodeZip(entries, (chunk) => {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
    });
  } finally {
    closeSync(fd);
  }
}

/** The archive as one buffer. */
export function zipToBuffer(entries: Iterable<ZipEntry>): Buffer {
  const chunks: Uint8Array[] = [];
  encodeZip(entries, (c) => chunks.push(c));
  return Buffer.concat(chunks);
}

/**
 * Reads an archive through its central directory, checks each local header against it, inflates the data and
 * verifies size and CRC-32. Throws `ZipError` on anything malformed. Enough for archives `encodeZip` writes and
 * ordinary ones without ZIP64, encryption or data descriptors.
 */
export function readZip(bytes: Uint8Array): ZipRecord[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let endAt = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === SIG_END) {
      endAt = i;
      break;
    }
  }
  if (endAt < 0) throw new ZipError('no end of central directory record');
  const count = buf.readUInt16LE(endAt + 10);
  const cdSize = buf.readUInt32LE(endAt + 12);
  let p = buf.readUInt32LE(endAt + 16);
  if (p + cdSize !== endAt) throw new ZipError('central directory does not end at the end record');
  const records: ZipRecord[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== SIG_CENTRAL) throw new ZipError(`bad central directory signature at ${p}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const mode = buf.readUInt32LE(p + 38) >>> 16;
    const localAt = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;

    if (flags & 0x0009) throw new ZipError(`${name}: encryption or data descriptors are not supported`);
    if (buf.readUInt32LE(localAt) !== SIG_LOCAL) throw new ZipError(`${name}: bad local header signature`);
    const localName = buf.toString('utf8', localAt + 30, localAt + 30 + buf.readUInt16LE(localAt + 26));
    const mismatch =
      localName !== name ||
      buf.readUInt16LE(localAt + 8) !== method ||
      buf.readUInt32LE(localAt + 14) !== crc ||
      buf.readUInt32LE(localAt + 18) !== compressedSize ||
      buf.readUInt32LE(localAt + 22) !== size;
    if (mismatch) throw new ZipError(`${name}: local header differs from the central directory`);
    const dataAt = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    const raw = buf.subarray(dataAt, dataAt + compressedSize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) data = inflateRawSync(raw);
    else throw new ZipError(`${name}: unsupported compression method ${method}`);
    if (data.length !== size) throw new ZipError(`${name}: size ${data.length}, expected ${size}`);
    if (crc32(data) !== crc) throw new ZipError(`${name}: CRC-32 mismatch`);
    records.push({ name, method, crc32: crc, compressedSize, size, mode, data });
  }
  return records;
}
