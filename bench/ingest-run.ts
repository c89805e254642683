/**
 * Ingestion benchmark: parse + expand + Arrow encode of generated collector JSONL, single process, next to bare
 * JSON.parse over the same lines in the same run (the floor). One run in this process's environment; `ingest.ts`
 * (`npm run bench:ingest`) runs it with and without glibc's huge-page tunable.
 *
 *   node --expose-gc --import tsx bench/ingest-run.ts [rows=1000000] [--rows-per-chunk=50000]
 *
 * Lines (20 mixed columns, 1-5 rows per line) are generated chunk by chunk outside the timed sections, so the
 * input is never all in memory at once, and sliced from the chunk's text as `collectorLines` slices a blob.
 * Each chunk is timed once through JSON.parse alone and once through the collector builder, with a full GC
 * before each timed pass (run with --expose-gc, as the npm script does) so that neither pass pays for the
 * generator's or the other pass's garbage. Wall time and process CPU time are both reported. The builder gets
 * the total text length (measured by an untimed dry run of the generator), as `parseCollectorText` passes the
 * blob's length. The Arrow file is encoded as `ingestBlob` does it (segments that refer to the table's memory)
 * and cut into 8 MiB blocks of views as the Azure adapter stages it (`uploadLikeAzure`).
 * Memory: peak RSS of the process (getrusage maxRSS) minus the RSS before the first chunk (so it includes one
 * generated chunk of lines), and peak V8 heap sampled after every chunk and after finish/encode.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { segmentBlocks } from '../src/adapters/azure-blob-store.js';
import { tableToArrowSegments } from '../src/core/data/arrow.js';
import { CollectorTableBuilder, ROLES_METADATA_KEY, collectorLines } from '../src/core/data/collector.js';

const args = process.argv.slice(2);
const totalRows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const chunkRows = Number(args.find((a) => a.startsWith('--rows-per-chunk='))?.split('=')[1] ?? 50_000);

/**
 * Whether glibc's malloc asks for transparent huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, read by the
 * loader at start, so only the environment of a new process sets it) and the kernel's THP mode, which decides
 * whether that has any effect ('madvise' or 'always').
 */
function mallocHugePages(): string {
  const on = /(^|:)glibc\.malloc\.hugetlb=1(:|$)/.test(process.env['GLIBC_TUNABLES'] ?? '');
  let thp = 'unknown';
  try {
    thp = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? thp;
  } catch {
    // not Linux, or no THP support
  }
  return `${on ? 'on' : 'off'}, kernel THP ${thp}`;
}

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 0x2f6b1c3d;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const STATES = ['CA', 'NY', 'TX', 'WA', 'FL', 'IL', 'OH', 'GA'];
const SEGMENTS = ['retail', 'smb', 'enterprise', 'public'];
const CHANNELS = ['web', 'mobile', 'branch', 'partner', 'phone'];
const EDU = ['high_school', 'bachelor', 'master', 'phd'];

function row(i: number): Record<string, unknown> {
  return {
    LIMIT_BAL: Math.round(rand() * 500_000),
    AGE: 21 + Math.floor(rand() * 50),
    BILL_AMT1: Math.round(rand() * 1e7) / 100,
    BILL_AMT2: Math.round(rand() * 1e7) / 100,
    BILL_AMT3: Math.round(rand() * 1e7) / 100,
    PAY_AMT1: Math.round(rand() * 1e6) / 100,
    PAY_AMT2: Math.round(rand() * 1e6) / 100,
    PAY_AMT3: rand() < 0.1 ? null : Math.round(rand() * 1e6) / 100,
    utilisation: rand(),
    risk_score: rand() * 10 - 5,
    PAY_0: Math.floor(rand() * 9) - 2,
    PAY_2: Math.floor(rand() * 9) - 2,
    tenure_months: Math.floor(rand() * 240),
    STATE: pick(STATES),
    SEGMENT: pick(SEGMENTS),
    CHANNEL: pick(CHANNELS),
    EDUCATION: pick(EDU),
    is_default: rand() < 0.2,
    has_card: rand() < 0.7,
    customer_ref: `cust-${(i * 2654435761) % 1_000_003}`,
  };
}

let rowNo = 0;
let lineNo = 0;
function chunk(rows: number): string[] {
  const lines: string[] = [];
  let made = 0;
  while (made < rows) {
    const k = Math.min(1 + Math.floor(rand() * 5), rows - made);
    const data = Array.from({ length: k }, () => row(rowNo++));
    made += k;
    lineNo++;
    const t = new Date(Date.UTC(2024, 2, 5, 18, 0, 0) + lineNo * 37).toISOString().slice(0, 19) + 'Z';
    lines.push(
      JSON.stringify({
        specversion: '1.0',
        id: `00000000-0000-4000-8000-${lineNo.toString(16).padStart(12, '0')}`,
        source:
          '/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/credit/deployments/main',
        type: 'azureml.inference.model_inputs',
        datacontenttype: 'application/json',
        time: t,
        data,
        contentrange: 'bytes 0-1/2',
        correlationid: `req-${lineNo}`,
        xrequestid: `req-${lineNo}`,
        modelversion: 'default',
        collectdatatype: 'pandas.core.frame.DataFrame',
        agent: 'azureml-ai-monitoring/0.1.0b4',
      }),
    );
  }
  return lines;
}

/**
 * A chunk's lines as ingestion sees them: slices of a text (as `collectorLines` slices a blob), not the
 * generator's own strings. JSON.stringify returns cons strings, which the first pass over them (the JSON.parse
 * floor) had to flatten: a cost real ingestion never pays, which made the floor slower than it is. The text is
 * joined per 1000 lines, so that the generator's strings and the joined text are not both alive for the whole
 * chunk (the peak RSS includes the chunk).
 */
function chunkLines(rows: number): string[] {
  const all = chunk(rows);
  const out: string[] = [];
  for (let i = 0; i < all.length; i += 1000) {
    const text = all.slice(i, i + 1000).join('\n');
    all.fill('', i, i + 1000);
    for (const l of collectorLines(text)) out.push(l.line);
  }
  return out;
}

/**
 * What the Azure adapter does in this process with a large segmented partition: it cuts the segments into 8 MiB
 * blocks of views (`segmentBlocks`) and stages each block as a stream of those views, so no byte is copied in
 * this process (the socket write copies into the kernel, as any upload does). Done here (without the network)
 * so that the encode time includes that work. Returns the file's size.
 */
function uploadLikeAzure(parts: readonly Uint8Array[]): number {
  let total = 0;
  for (const block of segmentBlocks(parts, 8 * 1024 * 1024))
    for (const piece of block) total += piece.byteLength;
  return total;
}

// The text's length is known before parsing in real ingestion (the blob is in memory; `parseCollectorText`
// passes it as `expectedLength`). Here lines are generated chunk by chunk, so a dry run of the deterministic
// generator measures it first (untimed), then the generator is reset.
const seedStart = seed;
let textLength = 0;
for (let done = 0; done < totalRows; done += chunkRows)
  for (const l of chunk(Math.min(chunkRows, totalRows - done))) textLength += l.length + 1;
seed = seedStart;
rowNo = 0;
lineNo = 0;

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const baselineRss = process.memoryUsage().rss;
let peakHeap = process.memoryUsage().heapUsed;
const sample = (): void => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

const builder = new CollectorTableBuilder({
  sourceBlob: 'bench.jsonl',
  maxLineBytes: 16 * 1024 * 1024,
  expectedLength: textLength,
});
// CPU time (user + system, all threads of the process) next to wall time: the machine is shared, and CPU time
// is less disturbed by other processes' load than wall time (it still includes GC helper threads and page faults).
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// First-touch page faults per pass: on this VM each costs ~14 µs (4 KiB pages), see README "Benchmark".
const faults = (): number => process.resourceUsage().minorPageFault;
let parseFaults = 0;
let ingestFaults = 0;
let parseMs = 0;
let ingestMs = 0;
let parseCpu = 0;
let ingestCpu = 0;
let bytes = 0;
let lines = 0;
let keep = 0;
let physical = 0;
for (let done = 0; done < totalRows; done += chunkRows) {
  const ls = chunkLines(Math.min(chunkRows, totalRows - done));
  for (const l of ls) bytes += Buffer.byteLength(l) + 1;
  lines += ls.length;
  // Collect the generator's garbage (and each pass's) outside the timed sections, so neither pass pays for it.
  gc?.();
  let f0 = faults();
  let t0 = performance.now();
  let c0 = cpuMs();
  for (const l of ls) {
    const o = JSON.parse(l) as { data: unknown[] };
    keep += o.data.length;
  }
  parseMs += performance.now() - t0;
  parseCpu += cpuMs() - c0;
  parseFaults += faults() - f0;
  gc?.();
  f0 = faults();
  t0 = performance.now();
  c0 = cpuMs();
  for (const l of ls) {
    if (builder.addLine(l, ++physical)) throw new Error('unexpected dataref');
  }
  ingestMs += performance.now() - t0;
  ingestCpu += cpuMs() - c0;
  ingestFaults += faults() - f0;
  sample();
}
const f0 = faults();
let t0 = performance.now();
const c0 = cpuMs();
const parsed = builder.finish();
const finishMs = performance.now() - t0;
sample();
t0 = performance.now();
const segments = tableToArrowSegments(parsed.table, {
  schemaMetadata: { [ROLES_METADATA_KEY]: JSON.stringify(parsed.roles) },
});
const arrow = { byteLength: uploadLikeAzure(segments) };
const encodeMs = performance.now() - t0;
const finishEncodeCpu = cpuMs() - c0;
ingestFaults += faults() - f0;
sample();
const peakRss = process.resourceUsage().maxRSS * 1024;

if (keep !== totalRows || parsed.counts.rowsWritten !== totalRows) throw new Error('row count mismatch');
const totalMs = ingestMs + finishMs + encodeMs;
const mb = bytes / 1e6;
const MiB = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;
const out = {
  rows: totalRows,
  lines,
  inputMB: +mb.toFixed(1),
  avgRowBytes: Math.round(bytes / totalRows),
  columns: parsed.table.columns.length,
  jsonParse: {
    ms: Math.round(parseMs),
    rowsPerSec: Math.round(totalRows / (parseMs / 1000)),
    MBps: +(mb / (parseMs / 1000)).toFixed(1),
  },
  ingest: {
    ms: Math.round(totalMs),
    parseExpandMs: Math.round(ingestMs),
    finishMs: Math.round(finishMs),
    arrowEncodeMs: Math.round(encodeMs),
    rowsPerSec: Math.round(totalRows / (totalMs / 1000)),
    MBps: +(mb / (totalMs / 1000)).toFixed(1),
  },
  ratioToJsonParse: +(totalMs / parseMs).toFixed(2),
  cpu: {
    jsonParseMs: Math.round(parseCpu),
    ingestMs: Math.round(ingestCpu + finishEncodeCpu),
    ratioToJsonParse: +((ingestCpu + finishEncodeCpu) / parseCpu).toFixed(2),
  },
  minorPageFaults: { jsonParse: parseFaults, ingest: ingestFaults },
  mallocHugePages: mallocHugePages(),
  arrowBytes: arrow.byteLength,
  memory: {
    baselineRss: MiB(baselineRss),
    peakRss: MiB(peakRss),
    peakRssGrowth: MiB(peakRss - baselineRss),
    peakHeapSampled: MiB(peakHeap),
    rssGrowthOverArrow: +((peakRss - baselineRss) / arrow.byteLength).toFixed(2),
  },
};
console.log(JSON.stringify(out, null, 2));
console.log(
  `\n[malloc huge pages ${out.mallocHugePages}] ${totalRows} rows (${mb.toFixed(1)} MB): JSON.parse ${out.jsonParse.ms} ms; parse+expand+encode ${out.ingest.ms} ms ` +
    `(${out.ingest.rowsPerSec} rows/s, ${out.ingest.MBps} MB/s) = ${out.ratioToJsonParse}× JSON.parse [target ≤ 1.5×] ` +
    `(CPU time: ${out.cpu.jsonParseMs} vs ${out.cpu.ingestMs} ms = ${out.cpu.ratioToJsonParse}×); ` +
    `Arrow ${MiB(arrow.byteLength)}, peak RSS growth ${out.memory.peakRssGrowth} = ${out.memory.rssGrowthOverArrow}× Arrow [target < 3×]; ` +
    `page faults ${parseFaults} vs ${ingestFaults}`,
);
