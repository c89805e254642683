/**
 * `model-monitor evaluate <monitor.yaml> --at <ISO-8601> [--asset <name>:<version>=<path>]... [--collector-root
 * <dir>] [--format json|table]`: evaluates a monitor once, locally. `--format json` prints exactly one
 * `EvaluationResult` document on stdout. Exit codes: 0 the run was evaluated (whatever its status), 1 the
 * evaluation itself could not run (a missing `--collector-root` or `--asset` path, an unreadable registry), 2
 * usage or YAML errors. Problems go to stderr.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { evaluateYaml, localCollectorRoot } from '../../adapters/evaluator.js';
import { jsonDataAssetRegistry, LOCAL_REGISTRY_FILE } from '../../adapters/json-data-registry.js';
import type { EvaluationResult, MetricRow, SignalResult } from '../../core/runs/result.js';
import { formatIssue } from '../../core/spec/index.js';

interface EvaluateOptions {
  readonly at: string;
  readonly asset: string[];
  readonly collectorRoot?: string;
  readonly format: string;
}

/** Thrown for the exit-1 cases: the command was well formed but the evaluation cannot run. */
class CannotRun extends Error {}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `--asset name:version=path` (an `azureml:` prefix on the name is allowed) → [`name:version`, path]. */
export function parseAssetOption(text: string): [string, string] | string {
  const eq = text.indexOf('=');
  if (eq < 0) return `--asset '${text}': expected <name>:<version>=<path>`;
  const key = text.slice(0, eq).replace(/^azureml:/, '');
  const value = text.slice(eq + 1);
  if (!/^[^:=\s]+:[^:=\s]+$/.test(key)) return `--asset '${text}': expected <name>:<version>=<path>`;
  if (value === '') return `--asset '${text}': the path is empty`;
  return [key, value];
}

function num(v: number | null): string {
  if (v === null) return 'null';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

function metricText(m: MetricRow): string {
  const what = m.group === '' ? m.metric_name : `${m.group} ${m.metric_name}`;
  return `${what}=${num(m.metric_value)}${m.threshold_value === null ? '' : ` (threshold ${num(m.threshold_value)})`}`;
}

/** One line per signal: name, type, status, then the breached metrics, then the others. */
export function signalLine(name: string, s: SignalResult): string {
  const head = `${name} [${s.type}] ${s.status}`;
  if (s.status === 'Failed') return `${head}: ${s.error ?? 'failed'}`;
  if (s.status === 'Skipped') return `${head}: ${(s.notes ?? []).join('; ')}`;
  const breached = s.metrics.filter((m) => m.breached);
  const ok = s.metrics.filter((m) => !m.breached);
  const state = s.breached ? (s.alertEnabled ? 'BREACHED (alert)' : 'BREACHED (no alert)') : 'ok';
  const parts = [
    ...(breached.length > 0 ? [`breached: ${breached.map(metricText).join(', ')}`] : []),
    ...(ok.length > 0 ? [`within thresholds: ${ok.map(metricText).join(', ')}`] : []),
  ];
  const counts = Object.entries(s.rowCounts)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return `${head} ${state}${counts === '' ? '' : ` (rows: ${counts})`}${parts.length > 0 ? ` — ${parts.join('; ')}` : ''}`;
}

export function formatTable(result: EvaluationResult): string {
  const lines = [`${result.monitor} at ${result.runTime}: ${result.status}`];
  for (const [name, s] of Object.entries(result.signals)) {
    lines.push(`  ${signalLine(name, s)}`);
    if (s.window) lines.push(`      window ${s.window.start} .. ${s.window.end}`);
    for (const n of s.notes ?? []) lines.push(`      note: ${n}`);
  }
  return lines.join('\n') + '\n';
}

async function mustExist(what: string, p: string, kind: 'folder' | 'any'): Promise<void> {
  try {
    const st = await stat(p);
    if (kind === 'folder' && !st.isDirectory()) throw new CannotRun(`${what} ${p} is not a folder`);
  } catch (err) {
    if (err instanceof CannotRun) throw err;
    throw new CannotRun(`${what} ${p} does not exist`);
  }
}

async function run(file: string, options: EvaluateOptions): Promise<number> {
  const err = (t: string): void => {
    process.stderr.write(`model-monitor evaluate: ${t}\n`);
  };
  if (options.format !== 'json' && options.format !== 'table') {
    err(`--format '${options.format}': expected json or table`);
    return 2;
  }
  if (!ISO_INSTANT.test(options.at) || !Number.isFinite(Date.parse(options.at))) {
    err(`--at '${options.at}': expected an ISO-8601 instant with a zone, e.g. 2026-03-08T10:15:00Z`);
    return 2;
  }
  const overrides: Record<string, string> = {};
  for (const a of options.asset) {
    const parsed = parseAssetOption(a);
    if (typeof parsed === 'string') {
      err(parsed);
      return 2;
    }
    overrides[parsed[0]] = parsed[1];
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    err(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const cwd = process.cwd();
  try {
    for (const [key, p] of Object.entries(overrides))
      await mustExist(`--asset ${key}:`, path.resolve(cwd, p), 'any');
    if (options.collectorRoot !== undefined)
      await mustExist('--collector-root', path.resolve(cwd, options.collectorRoot), 'folder');
    const registry = jsonDataAssetRegistry(path.join(cwd, LOCAL_REGISTRY_FILE));
    try {
      await registry.list();
    } catch (e) {
      throw new CannotRun(
        `the data-asset registry ${LOCAL_REGISTRY_FILE} is unreadable: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const outcome = await evaluateYaml(text, options.at, {
      registry,
      overrides,
      baseDir: cwd,
      specDir: path.dirname(path.resolve(cwd, file)),
      ...(options.collectorRoot === undefined
        ? {}
        : { collectorRoots: [localCollectorRoot(path.resolve(cwd, options.collectorRoot))] }),
    });
    for (const w of outcome.warnings) process.stderr.write(`${file}: warning: ${formatIssue(w)}\n`);
    if (!outcome.ok) {
      for (const p of outcome.problems) process.stderr.write(`${file}: error: ${formatIssue(p)}\n`);
      return 2;
    }
    process.stdout.write(
      options.format === 'json' ? `${JSON.stringify(outcome.result)}\n` : formatTable(outcome.result),
    );
    return 0;
  } catch (e) {
    err(
      e instanceof CannotRun ? e.message : `evaluation failed: ${e instanceof Error ? e.message : String(e)}`,
    );
    return 1;
  }
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a monitor once at a given run time, on local data')
    .argument('<monitor.yaml>', 'monitor schedule YAML')
    .requiredOption('--at <ISO-8601>', 'the run time (the scheduled fire time), e.g. 2026-03-08T10:15:00Z')
    .option(
      '--asset <name:version=path>',
      'map an azureml:<name>:<version> reference to a local path (repeatable; wins over the registry)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--collector-root <dir>',
      'folder holding <endpoint>/<deployment>/<collection>/yyyy/MM/dd/HH/*.jsonl',
    )
    .option('--format <format>', 'json (one EvaluationResult document) or table', 'table')
    .action(async (file: string, options: EvaluateOptions) => {
      process.exitCode = await run(file, options);
    });
}
