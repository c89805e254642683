/**
 * `model-monitor evaluate`, spawned as a user runs it (npx tsx src/cli/main.ts): the JSON contract checked against
 * the scipy/sklearn oracle, the table view, and the exit codes 0/1/2. Spawns are slow (~4 s each), so the other
 * cases go through `evaluateYaml` in test/adapters/evaluator.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../../src/core/runs/result.js';
import { irisCollectorRoot } from '../helpers/collector-layout.js';
import { expectMatchesOracle, monitorPath, oracleCase } from '../helpers/evaluate-oracle.js';
import { AZUREML_DATA_DIR, FIXTURES_DIR, REPO_ROOT } from '../helpers/paths.js';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');

function run(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [MAIN, 'evaluate', ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const IRIS = path.join(FIXTURES_DIR, 'monitors', 'iris-drift.yaml');

describe('model-monitor evaluate', () => {
  it('--format json: exactly one EvaluationResult document matching the oracle; relative --asset paths from the working directory; exit 0 on a Failed run', () => {
    const c = oracleCase('iris collector folder with drift');
    // Run from the reference data folder so that the --asset paths are relative.
    const assets = Object.entries(c.assets).flatMap(([k, v]) => ['--asset', `${k}=${v}`]);
    const r = run(AZUREML_DATA_DIR, monitorPath(c), '--at', c.at, ...assets, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(r.stdout) as EvaluationResult;
    expect(Object.keys(result).sort()).toEqual(['monitor', 'runTime', 'signals', 'status']);
    expect(result.monitor).toBe('iris_drift');
    expect(result.runTime).toBe('2023-02-02T00:00:00.000Z');
    expect(result.status).toBe('Failed');
    const drift = result.signals.drift;
    expect(drift).toMatchObject({
      type: 'data_drift',
      status: 'Completed',
      breached: true,
      alertEnabled: true,
      window: { start: '2023-01-26T00:00:00.000Z', end: '2023-02-02T00:00:00.000Z' },
    });
    for (const m of drift?.metrics ?? [])
      expect(Object.keys(m).sort()).toEqual(
        ['breached', 'data_type', 'group', 'metric_name', 'metric_value', 'threshold_value'].sort(),
      );
    expect(result.signals.quality?.alertEnabled).toBe(false);
    expectMatchesOracle(result, c);
  });

  it('--format table over a --collector-root: one line per signal, breached metrics first', () => {
    const root = irisCollectorRoot(true);
    const r = run(
      REPO_ROOT,
      path.join(FIXTURES_DIR, 'monitors', 'out-of-box.yaml'),
      '--at',
      '2023-02-02T00:00:00Z',
      '--collector-root',
      root,
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('iris_out_of_box at 2023-02-02T00:00:00.000Z: Failed');
    const driftLine = lines.find((l) =>
      l.startsWith('  data-drift-signal [data_drift] Completed BREACHED (alert)'),
    );
    expect(driftLine).toBeDefined();
    // The breached metrics come right after the signal's state, before any metric within its threshold.
    expect(driftLine).toMatch(/BREACHED \(alert\) \(rows: [^)]*\) — breached: \w+ /);
    expect(lines.some((l) => l.startsWith('  prediction-drift-signal [prediction_drift] Completed ok'))).toBe(
      true,
    );
    expect(lines.some((l) => l.startsWith('  data-quality-signal [data_quality] Completed'))).toBe(true);
  });

  it('exit 2 for YAML errors, with the YAML path and line on stderr and nothing on stdout', () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'mm-eval-')), 'bad.yaml');
    writeFileSync(
      bad,
      readFileSync(IRIS, 'utf8').replace('jensen_shannon_distance: 0.1', 'jensen_shannon: 0.1'),
    );
    const r = run(REPO_ROOT, bad, '--at', '2023-02-02T00:00:00Z', '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /bad\.yaml: error: create_monitor\.monitoring_signals\.drift\.metric_thresholds\.numerical\.jensen_shannon \(line \d+\): unknown metric/,
    );
  });

  it('exit 2 for usage errors (an --at that is not an ISO-8601 instant)', () => {
    const r = run(REPO_ROOT, IRIS, '--at', 'yesterday');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("--at 'yesterday': expected an ISO-8601 instant");
  });

  it('exit 1 when the evaluation cannot run: an --asset path that does not exist', () => {
    const r = run(
      REPO_ROOT,
      IRIS,
      '--at',
      '2023-02-02T00:00:00Z',
      '--asset',
      'iris-production:1=no/such/folder',
      '--format',
      'json',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--asset iris-production:1: ');
    expect(r.stderr).toContain('no/such/folder does not exist');
  });
});
