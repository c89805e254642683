/**
 * A minimal Parquet writer for tests (no Parquet writer is installed): one row group, one uncompressed PLAIN
 * v1 data page per column, OPTIONAL columns with RLE/bit-packed definition levels. Types: int64, double,
 * boolean, utf8 string. Enough to check the reader's type mapping and nulls on files we control.
 */
type Kind = 'int64' | 'double' | 'boolean' | 'string';
export interface ParquetColumnSpec {
  readonly name: string;
  readonly kind: Kind;
  readonly values: readonly (number | boolean | string | null)[];
}

class Bytes {
  private parts: number[] = [];
  byte(b: number): this {
    this.parts.push(b & 0xff);
    return this;
  }
  bytes(b: Uint8Array | readonly number[]): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  varint(n: bigint): this {
    let v = n;
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    return this.byte(Number(v));
  }
  u32(n: number): this {
    return this.byte(n)
      .byte(n >>> 8)
      .byte(n >>> 16)
      .byte(n >>> 24);
  }
  get length(): number {
    return this.parts.length;
  }
  toArray(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Thrift compact protocol: just what the metadata structs need. */
type TValue =
  | { t: 'i32' | 'i64'; v: number | bigint }
  | { t: 'bin'; v: string }
  | { t: 'list'; elem: 'i32' | 'bin' | 'struct'; items: TValue[] }
  | { t: 'struct'; fields: [number, TValue][] };
const TYPE_ID = { i32: 5, i64: 6, bin: 8, list: 9, struct: 12 } as const;
const zigzag = (n: bigint): bigint => (n << 1n) ^ (n >> 63n);

function writeValue(out: Bytes, v: TValue): void {
  switch (v.t) {
    case 'i32':
    case 'i64':
      out.varint(zigzag(BigInt(v.v)));
      return;
    case 'bin': {
      const b = new TextEncoder().encode(v.v);
      out.varint(BigInt(b.length)).bytes(b);
      return;
    }
    case 'list':
      if (v.items.length < 15) out.byte((v.items.length << 4) | TYPE_ID[v.elem]);
      else out.byte(0xf0 | TYPE_ID[v.elem]).varint(BigInt(v.items.length));
      for (const item of v.items) writeValue(out, item);
      return;
    case 'struct': {
      let last = 0;
      for (const [id, fv] of v.fields) {
        out.byte(((id - last) << 4) | TYPE_ID[fv.t]);
        last = id;
        writeValue(out, fv);
      }
      out.byte(0);
    }
  }
}
const i32 = (v: number): TValue => ({ t: 'i32', v });
const i64 = (v: number): TValue => ({ t: 'i64', v: BigInt(v) });
const bin = (v: string): TValue => ({ t: 'bin', v });
const struct = (...fields: [number, TValue][]): TValue => ({ t: 'struct', fields });

const PHYSICAL = { boolean: 0, int64: 2, double: 5, string: 6 } as const;

function pageData(col: ParquetColumnSpec): Uint8Array {
  const n = col.values.length;
  // Definition levels: bit-packed groups of 8 (bit width 1), prefixed by their byte length.
  const groups = Math.ceil(n / 8);
  const levels = new Bytes().varint(BigInt((groups << 1) | 1));
  for (let g = 0; g < groups; g++) {
    let b = 0;
    for (let k = 0; k < 8; k++) if (col.values[g * 8 + k] !== null && g * 8 + k < n) b |= 1 << k;
    levels.byte(b);
  }
  const out = new Bytes().u32(levels.length).bytes(levels.toArray());
  const present = col.values.filter((v) => v !== null);
  if (col.kind === 'boolean') {
    for (let i = 0; i < present.length; i += 8) {
      let b = 0;
      for (let k = 0; k < 8 && i + k < present.length; k++) if (present[i + k] === true) b |= 1 << k;
      out.byte(b);
    }
  } else
    for (const v of present) {
      if (col.kind === 'int64') {
        const view = new DataView(new ArrayBuffer(8));
        view.setBigInt64(0, BigInt(v), true);
        out.bytes(new Uint8Array(view.buffer));
      } else if (col.kind === 'double') {
        const view = new DataView(new ArrayBuffer(8));
        view.setFloat64(0, v as number, true);
        out.bytes(new Uint8Array(view.buffer));
      } else {
        const b = new TextEncoder().encode(v as string);
        out.u32(b.length).bytes(b);
      }
    }
  return out.toArray();
}

export function writeParquet(columns: readonly ParquetColumnSpec[]): Uint8Array {
  const rows = columns[0]?.values.length ?? 0;
  const file = new Bytes().bytes(new TextEncoder().encode('PAR1'));
  const chunks: TValue[] = [];
  for (const col of columns) {
    const data = pageData(col);
    const header = new Bytes();
    writeValue(
      header,
      struct(
        [1, i32(0)],
        [2, i32(data.length)],
        [3, i32(data.length)],
        [5, struct([1, i32(rows)], [2, i32(0)], [3, i32(3)], [4, i32(3)])],
      ),
    );
    const offset = file.length;
    file.bytes(header.toArray()).bytes(data);
    const size = header.length + data.length;
    chunks.push(
      struct(
        [2, i64(offset)],
        [
          3,
          struct(
            [1, i32(PHYSICAL[col.kind])],
            [2, { t: 'list', elem: 'i32', items: [i32(0), i32(3)] }],
            [3, { t: 'list', elem: 'bin', items: [bin(col.name)] }],
            [4, i32(0)],
            [5, i64(rows)],
            [6, i64(size)],
            [7, i64(size)],
            [9, i64(offset)],
          ),
        ],
      ),
    );
  }
  const schema: TValue[] = [struct([4, bin('schema')], [5, i32(columns.length)])];
  for (const col of columns)
    schema.push(
      col.kind === 'string'
        ? struct([1, i32(PHYSICAL[col.kind])], [3, i32(1)], [4, bin(col.name)], [6, i32(0)])
        : struct([1, i32(PHYSICAL[col.kind])], [3, i32(1)], [4, bin(col.name)]),
    );
  const meta = new Bytes();
  writeValue(
    meta,
    struct(
      [1, i32(1)],
      [2, { t: 'list', elem: 'struct', items: schema }],
      [3, i64(rows)],
      [
        4,
        {
          t: 'list',
          elem: 'struct',
          items: [
            struct([1, { t: 'list', elem: 'struct', items: chunks }], [2, i64(file.length)], [3, i64(rows)]),
          ],
        },
      ],
    ),
  );
  file.bytes(meta.toArray()).u32(meta.length).bytes(new TextEncoder().encode('PAR1'));
  return file.toArray();
}
