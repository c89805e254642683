/**
 * Writes a Table as an Arrow IPC file straight into one buffer of the exact final size: the message headers are
 * encoded first (with apache-arrow's own flatbuffer encoders), then every column's body is written in place —
 * int64 conversion, validity bitmaps, bit-packed booleans and null-free dictionary indices included — so no
 * per-column intermediate arrays and no final concatenation copy are made. Same layout as apache-arrow's
 * `tableToIPC(table, 'file')`: magic, dictionary batches, one record batch, end-of-stream marker, footer.
 */
import { MetadataVersion, Schema, type DataType, type Field } from 'apache-arrow';
import { FileBlock, Footer } from 'apache-arrow/ipc/metadata/file';
import {
  BufferRegion,
  DictionaryBatch,
  FieldNode,
  Message,
  RecordBatch,
} from 'apache-arrow/ipc/metadata/message';
import { isAllValid, type Column } from './table.js';

/**
 * One body buffer: its length in bytes and how to write it at a (8-aligned) position of the output; `bytes` when
 * it is a plain copy of existing memory (then `writeArrowSegments` refers to that memory instead of copying it).
 */
interface BodyBuffer {
  readonly byteLength: number;
  readonly write: (out: Uint8Array, at: number) => void;
  readonly bytes?: Uint8Array;
}

/** A column's (or dictionary's) contribution to a record batch: its node and buffers. */
export interface ColumnBody {
  readonly length: number;
  readonly nullCount: number;
  readonly buffers: readonly BodyBuffer[];
}

const EMPTY: BodyBuffer = { byteLength: 0, write: () => undefined };
const MAGIC = new Uint8Array([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]); // ARROW1

const pad8 = (n: number): number => (n + 7) & ~7;

function bytesOf(a: ArrayBufferView, byteLength: number): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, byteLength);
}

function copyBuffer(a: ArrayBufferView, byteLength: number): BodyBuffer {
  const bytes = bytesOf(a, byteLength);
  return {
    byteLength,
    bytes,
    write: (out, at) => {
      out.set(bytes, at);
    },
  };
}

function countZeros(valid: Uint8Array, length: number): number {
  if (isAllValid(valid)) return 0;
  let nulls = 0;
  for (let i = 0; i < length; i++) if (valid[i] === 0) nulls++;
  return nulls;
}

/**
 * An LSB bitmap of "value i is set" written in place, a byte at a time (the output is zero-filled): `bytes[i] !== 0`
 * for validity and 0/1 booleans, `codes[i] >= 0` for dictionary codes.
 */
function bitmap(
  length: number,
  of: { readonly bytes: Uint8Array } | { readonly codes: Int8Array | Int16Array | Int32Array },
): BodyBuffer {
  return {
    byteLength: (length + 7) >> 3,
    write: (out, at) => {
      if ('bytes' in of) {
        const v = of.bytes;
        for (let i = 0, o = at; i < length; o++) {
          let b = 0;
          for (let k = 0; k < 8 && i < length; k++, i++) if (v[i] !== 0) b |= 1 << k;
          out[o] = b;
        }
      } else {
        const v = of.codes;
        for (let i = 0, o = at; i < length; o++) {
          let b = 0;
          for (let k = 0; k < 8 && i < length; k++, i++) if ((v[i] ?? -1) >= 0) b |= 1 << k;
          out[o] = b;
        }
      }
    },
  };
}

function validity(valid: Uint8Array, length: number, nulls: number): BodyBuffer {
  return nulls === 0 ? EMPTY : bitmap(length, { bytes: valid });
}

/** Strings as Arrow Utf8 offsets + bytes (dictionary values). */
export function utf8Body(strings: readonly string[]): ColumnBody {
  const encoder = new TextEncoder();
  const offsets = new Int32Array(strings.length + 1);
  let size = 0;
  for (const s of strings) size += s.length * 3;
  const bytes = new Uint8Array(Math.max(8, size));
  let at = 0;
  strings.forEach((s, i) => {
    at += encoder.encodeInto(s, bytes.subarray(at)).written;
    offsets[i + 1] = at;
  });
  return {
    length: strings.length,
    nullCount: 0,
    buffers: [EMPTY, copyBuffer(offsets, offsets.byteLength), copyBuffer(bytes, at)],
  };
}

/** The body of one table column (dictionary columns: the indices; their values go in a dictionary batch). */
export function columnBody(c: Column): ColumnBody {
  const length = c.length;
  switch (c.type) {
    case 'float': {
      const nulls = countZeros(c.valid, length);
      return {
        length,
        nullCount: nulls,
        buffers: [validity(c.valid, length, nulls), copyBuffer(c.values, length * 8)],
      };
    }
    case 'int': {
      const nulls = countZeros(c.valid, length);
      // Built by ingestion: already Arrow's Int32 layout (see `arrowIntType`) or Int64 layout.
      if (c.int32)
        return {
          length,
          nullCount: nulls,
          buffers: [validity(c.valid, length, nulls), copyBuffer(c.int32, length * 4)],
        };
      if (c.int64)
        return {
          length,
          nullCount: nulls,
          buffers: [validity(c.valid, length, nulls), copyBuffer(c.int64, length * 8)],
        };
      const values: BodyBuffer = {
        byteLength: length * 8,
        write: (out, at) => {
          // Little-endian two's complement halves, without a BigInt per value (exact for |v| ≤ 2^53).
          const words = new Int32Array(out.buffer, out.byteOffset + at, length * 2);
          for (let i = 0; i < length; i++) {
            if (c.valid[i] === 0) continue;
            const v = c.values[i] ?? 0;
            const hi = Math.floor(v / 4294967296);
            words[2 * i] = (v - hi * 4294967296) | 0;
            words[2 * i + 1] = hi | 0;
          }
        },
      };
      return { length, nullCount: nulls, buffers: [validity(c.valid, length, nulls), values] };
    }
    case 'bool': {
      const nulls = countZeros(c.valid, length);
      return {
        length,
        nullCount: nulls,
        buffers: [validity(c.valid, length, nulls), bitmap(length, { bytes: c.values })],
      };
    }
    case 'string': {
      const u = c.utf8;
      if (u) {
        const nulls = countZeros(u.valid, length);
        const start = u.offsets[0] ?? 0;
        const end = u.offsets[length] ?? start;
        const offsets: BodyBuffer =
          start === 0
            ? copyBuffer(u.offsets, (length + 1) * 4)
            : {
                byteLength: (length + 1) * 4,
                write: (out, at) => {
                  const o = new Int32Array(out.buffer, out.byteOffset + at, length + 1);
                  for (let i = 0; i <= length; i++) o[i] = (u.offsets[i] ?? 0) - start;
                },
              };
        const data = copyBuffer(u.bytes.subarray(start, end), end - start);
        return { length, nullCount: nulls, buffers: [validity(u.valid, length, nulls), offsets, data] };
      }
      // Int8/Int16 codes (small dictionaries built by ingestion) are written as indices of that width.
      const codes = c.narrowCodes ?? c.codes;
      const width = codes.BYTES_PER_ELEMENT;
      let nulls = 0;
      for (let i = 0; i < length; i++) if ((codes[i] ?? -1) < 0) nulls++;
      const indices: BodyBuffer =
        nulls === 0
          ? copyBuffer(codes, length * width)
          : {
              byteLength: length * width,
              write: (out, at) => {
                // Null slots get index 0 (under the validity bitmap); the output is zero-filled already.
                const o = new (codes.constructor as Int32ArrayConstructor)(
                  out.buffer,
                  out.byteOffset + at,
                  length,
                );
                for (let i = 0; i < length; i++) {
                  const k = codes[i] ?? -1;
                  if (k > 0) o[i] = k;
                }
              },
            };
      const valid: BodyBuffer = nulls === 0 ? EMPTY : bitmap(length, { codes });
      return { length, nullCount: nulls, buffers: [valid, indices] };
    }
  }
}

interface Batch {
  readonly header: Uint8Array;
  readonly bodyLength: number;
  readonly buffers: readonly { readonly at: number; readonly buffer: BodyBuffer }[];
}

/** Encodes the record batch (or dictionary batch) metadata of `bodies` and lays out its body buffers. */
function batch(length: number, bodies: readonly ColumnBody[], dictionaryId?: number): Batch {
  const nodes: FieldNode[] = [];
  const regions: BufferRegion[] = [];
  const buffers: { at: number; buffer: BodyBuffer }[] = [];
  let bodyLength = 0;
  for (const b of bodies) {
    nodes.push(new FieldNode(b.length, b.nullCount));
    for (const buffer of b.buffers) {
      const size = pad8(buffer.byteLength);
      regions.push(new BufferRegion(bodyLength, size));
      buffers.push({ at: bodyLength, buffer });
      bodyLength += size;
    }
  }
  const rb = new RecordBatch(length, nodes, regions, null);
  const message =
    dictionaryId === undefined
      ? Message.from(rb, bodyLength)
      : Message.from(new DictionaryBatch(rb, dictionaryId, false), bodyLength);
  return { header: Message.encode(message), bodyLength, buffers };
}

/**
 * Encodes `columns` (described by `fields`, in the same order) as an Arrow IPC file. `dictionaries` maps a
 * dictionary id (of a Dictionary field type) to the body of its values.
 */
export function writeArrowFile(
  fields: readonly Field[],
  schemaMetadata: ReadonlyMap<string, string>,
  rowCount: number,
  columns: readonly ColumnBody[],
  dictionaries: ReadonlyMap<number, ColumnBody>,
): Uint8Array {
  return write(fields, schemaMetadata, rowCount, columns, dictionaries, false).out;
}

/**
 * The same file as `writeArrowFile`, as consecutive segments: buffers that are plain copies of the table's memory
 * (float values, UTF-8 offsets and bytes, null-free dictionary indices) are the table's own memory, not copied;
 * the rest (headers, int64 values, bitmaps, ...) is written into one buffer of the file's size whose pages under
 * the referenced parts are never touched (so never made resident). Writing the segments in order gives the file.
 */
export function writeArrowSegments(
  fields: readonly Field[],
  schemaMetadata: ReadonlyMap<string, string>,
  rowCount: number,
  columns: readonly ColumnBody[],
  dictionaries: ReadonlyMap<number, ColumnBody>,
): Uint8Array[] {
  const { out, refs } = write(fields, schemaMetadata, rowCount, columns, dictionaries, true);
  const segments: Uint8Array[] = [];
  let from = 0;
  for (const { at, bytes } of refs) {
    if (at > from) segments.push(out.subarray(from, at));
    segments.push(bytes);
    from = at + bytes.byteLength;
  }
  if (out.byteLength > from) segments.push(out.subarray(from));
  return segments;
}

function write(
  fields: readonly Field[],
  schemaMetadata: ReadonlyMap<string, string>,
  rowCount: number,
  columns: readonly ColumnBody[],
  dictionaries: ReadonlyMap<number, ColumnBody>,
  refer: boolean,
): { out: Uint8Array; refs: { at: number; bytes: Uint8Array }[] } {
  const schema = new Schema(fields as Field<DataType>[], new Map(schemaMetadata));
  const batches: { batch: Batch; dictionary: boolean }[] = [];
  for (const [id, body] of dictionaries)
    batches.push({ batch: batch(body.length, [body], id), dictionary: true });
  batches.push({ batch: batch(rowCount, columns), dictionary: false });

  // Layout: magic + 2 padding bytes, then per message: continuation (-1), int32 header size (padded so that
  // the body starts 8-aligned), header, padding, body; then end-of-stream (-1, 0), footer, footer size, magic.
  let at = 8;
  const placed = batches.map(({ batch: b, dictionary }) => {
    const metaLength = pad8(b.header.byteLength + 8);
    const block = new FileBlock(metaLength, b.bodyLength, at);
    const p = { b, dictionary, block, at };
    at += metaLength + b.bodyLength;
    return p;
  });
  const footer = Footer.encode(
    new Footer(
      schema,
      MetadataVersion.V5,
      placed.filter((p) => !p.dictionary).map((p) => p.block),
      placed.filter((p) => p.dictionary).map((p) => p.block),
    ),
  );
  const total = at + 8 + footer.byteLength + 4 + MAGIC.length;
  const out = new Uint8Array(total);
  const refs: { at: number; bytes: Uint8Array }[] = [];
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out.set(MAGIC, 0);
  for (const { b, at: start } of placed) {
    const metaLength = pad8(b.header.byteLength + 8);
    view.setInt32(start, -1, true);
    view.setInt32(start + 4, metaLength - 8, true);
    out.set(b.header, start + 8);
    const body = start + metaLength;
    for (const { at: offset, buffer } of b.buffers) {
      if (buffer.byteLength === 0) continue;
      if (refer && buffer.bytes) refs.push({ at: body + offset, bytes: buffer.bytes });
      else buffer.write(out, body + offset);
    }
  }
  view.setInt32(at, -1, true);
  view.setInt32(at + 4, 0, true);
  out.set(footer, at + 8);
  view.setInt32(at + 8 + footer.byteLength, footer.byteLength, true);
  out.set(MAGIC, at + 12 + footer.byteLength);
  return { out, refs };
}
