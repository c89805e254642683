/**
 * `model-monitor evaluate` benchmark: a monitor with data drift + data quality + model performance over N
 * production rows in collector folders (24 hour folders, 10 rows per JSONL line), against an N-row reference
 * CSV and an N-row ground-truth CSV, read once from raw JSONL and once from curated Arrow partitions (made with
 * ingestion's `parseCollectorText` + `tableToArrowBytes`).
 *
 *   npm run bench:evaluate -- [rows=1000000]
 *
 * Data is generated into a temp folder first (not timed). Each input form is evaluated in its own child process
 * (`evaluateYaml`, as the CLI and the scheduled runs call it), which reports its wall time and peak RSS
 * (getrusage maxRSS), so the two runs do not share a heap. `BENCH_CPU_PROF=<dir>` writes a CPU profile of each.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { evaluateYaml, localCollectorRoot } from '../src/adapters/evaluator.js';
import { tableToArrowBytes } from '../src/core/data/arrow.js';
import { parseCollectorText, ROLES_METADATA_KEY } from '../src/core/data/collector.js';

const HOURS = 24;
const ROWS_PER_LINE = 10;
const RUN_AT = '2026-01-02T00:00:00Z';

const MONITOR = `
name: bench_monitor
trigger: {type: recurrence, frequency: day, interval: 1, schedule: {hours: 0, minutes: 0}}
create_monitor:
  compute: {instance_type: standard_e4s_v3, runtime_version: "3.4"}
  monitoring_target: {ml_task: classification, endpoint_deployment_id: azureml:bench-ep:blue}
  monitoring_signals:
    drift:
      type: data_drift
      reference_data:
        input_data: {path: azureml:bench-reference:1, type: uri_file}
        data_context: training
      features: all_features
      metric_thresholds:
        numerical: {jensen_shannon_distance: 0.1}
        categorical: {jensen_shannon_distance: 0.1}
    quality:
      type: data_quality
      reference_data:
        input_data: {path: azureml:bench-reference:1, type: uri_file}
        data_context: training
      features: all_features
      metric_thresholds:
        numerical: {null_value_rate: 0.01, out_of_bounds_rate: 0.01}
        categorical: {null_value_rate: 0.01, out_of_bounds_rate: 0.01}
    performance:
      type: model_performance
      production_data:
        input_data: {path: azureml:bench-ep-blue-model_inputs, type: uri_folder}
        data_context: model_outputs
        data_column_names: {prediction: predicted, correlation_id: correlationid}
      reference_data:
        input_data: {path: azureml:bench-truth:1, type: uri_file}
        data_context: ground_truth
        data_column_names: {actual: actual, correlation_id: correlationid}
      metric_thresholds:
        classification: {accuracy: 0.7}
`;

// Deterministic PRNG (mulberry32).
let seed = 0x51ed2705;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const STATES = ['CA', 'NY', 'TX', 'WA', 'FL', 'IL', 'OH', 'GA'];
const CHANNELS = ['web', 'mobile', 'branch', 'partner', 'phone'];
const LABELS = ['low', 'medium', 'high'];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

function features(shift: number): Record<string, number | string | null> {
  return {
    LIMIT_BAL: Math.round((rand() + shift) * 500_000),
    BILL_AMT1: Math.round(rand() * 1e7) / 100,
    PAY_AMT1: rand() < 0.01 ? null : Math.round(rand() * 1e6) / 100,
    utilisation: rand() + shift,
    risk_score: rand() * 10 - 5,
    STATE: pick(STATES),
    CHANNEL: pick(CHANNELS),
  };
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines)
    if (!out.write(line))
      await new Promise<void>((r) =>
        out.once('drain', () => {
          r();
        }),
      );
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => {
      if (err) reject(err);
      else resolve();
    }),
  );
}

async function generate(dir: string, rows: number): Promise<void> {
  const columns = ['LIMIT_BAL', 'BILL_AMT1', 'PAY_AMT1', 'utilisation', 'risk_score', 'STATE', 'CHANNEL'];
  await writeLines(
    path.join(dir, 'reference.csv'),
    (function* () {
      yield columns.join(',') + '\n';
      for (let i = 0; i < rows; i++)
        yield (
          Object.values(features(0))
            .map((v) => (v === null ? '' : String(v)))
            .join(',') + '\n'
        );
    })(),
  );
  const truth: string[] = ['correlationid,actual\n'];
  const perHour = Math.ceil(rows / HOURS);
  let written = 0;
  for (let h = 0; h < HOURS && written < rows; h++) {
    const hourDir = path.join(
      dir,
      'raw',
      'bench-ep',
      'blue',
      'model_inputs',
      '2026',
      '01',
      '01',
      String(h).padStart(2, '0'),
    );
    mkdirSync(hourDir, { recursive: true });
    const lines: string[] = [];
    for (let r = 0; r < perHour && written < rows; r += ROWS_PER_LINE) {
      const cid = `req-${h}-${r}`;
      const data = [];
      for (let i = 0; i < ROWS_PER_LINE && written < rows; i++, written++) {
        const predicted = pick(LABELS);
        data.push({ ...features(0.05), predicted });
        truth.push(`${cid}_${i},${rand() < 0.8 ? predicted : pick(LABELS)}\n`);
      }
      const time = new Date(Date.UTC(2026, 0, 1, h, Math.floor((r / perHour) * 60))).toISOString();
      lines.push(JSON.stringify({ specversion: '1.0', id: cid, time, data, correlationid: cid }) + '\n');
    }
    await writeLines(path.join(hourDir, 'data.jsonl'), lines);
    // The curated partition ingestion would write for this blob.
    const rel = path.relative(path.join(dir, 'raw'), hourDir);
    const parsed = await parseCollectorText(lines.join(''), {
      sourceBlob: `${rel}/data.jsonl`,
      maxLineBytes: 16 * 1024 * 1024,
    });
    const curatedDir = path.join(dir, 'curated', rel);
    mkdirSync(curatedDir, { recursive: true });
    writeFileSync(
      path.join(curatedDir, 'data.arrow'),
      tableToArrowBytes(parsed.table, {
        schemaMetadata: { [ROLES_METADATA_KEY]: JSON.stringify(parsed.roles) },
      }),
    );
  }
  await writeLines(path.join(dir, 'truth.csv'), truth);
}

interface RunReport {
  readonly form: string;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly status: string;
  readonly signals: Record<string, { status: string; error?: string; rowCounts: Record<string, number> }>;
}

/** Child mode: evaluate once and print a RunReport. */
async function child(dir: string, form: 'raw' | 'curated'): Promise<void> {
  const t0 = performance.now();
  const outcome = await evaluateYaml(MONITOR, RUN_AT, {
    overrides: {
      'bench-reference:1': path.join(dir, 'reference.csv'),
      'bench-truth:1': path.join(dir, 'truth.csv'),
    },
    collectorRoots: [localCollectorRoot(path.join(dir, form))],
  });
  const wallMs = performance.now() - t0;
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const report: RunReport = {
    form,
    wallMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    status: outcome.result.status,
    signals: Object.fromEntries(
      Object.entries(outcome.result.signals).map(([k, s]) => [
        k,
        { status: s.status, ...(s.error ? { error: s.error } : {}), rowCounts: { ...s.rowCounts } },
      ]),
    ),
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childIdx = args.indexOf('--child');
  if (childIdx >= 0) {
    await child(args[childIdx + 1] ?? '', args[childIdx + 2] === 'curated' ? 'curated' : 'raw');
    return;
  }
  const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-bench-evaluate-'));
  try {
    const g0 = performance.now();
    await generate(dir, rows);
    console.log(
      `generated ${rows} production rows (${HOURS} hours, raw JSONL + curated Arrow), ${rows}-row reference and ground truth in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
    );
    const self = fileURLToPath(import.meta.url);
    for (const form of ['raw', 'curated'] as const) {
      const out = execFileSync(
        process.execPath,
        [
          ...(process.env.BENCH_CPU_PROF
            ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
            : []),
          '--import',
          'tsx',
          self,
          '--child',
          dir,
          form,
        ],
        {
          encoding: 'utf8',
          maxBuffer: 16 * 1024 * 1024,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as RunReport;
      console.log(
        `${form === 'raw' ? 'raw JSONL     ' : 'curated Arrow '}: wall ${(report.wallMs / 1000).toFixed(2)} s, peak RSS ${report.peakRssMb.toFixed(0)} MB, run ${report.status}`,
      );
      for (const [name, s] of Object.entries(report.signals))
        console.log(
          `    ${name}: ${s.status}${s.error ? ` (${s.error})` : ''} rows ${JSON.stringify(s.rowCounts)}`,
        );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
