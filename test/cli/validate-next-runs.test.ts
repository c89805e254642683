/** `model-monitor validate` and `next-runs`, spawned as a user would run them (npx tsx src/cli/main.ts). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AZUREML_YAMLS_DIR, REPO_ROOT } from '../helpers/paths.js';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [MAIN, ...args], { encoding: 'utf8', cwd: REPO_ROOT, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const yaml = (name: string): string => path.join(AZUREML_YAMLS_DIR, name);
const OUT_OF_BOX = yaml('azureml-examples__cli__monitoring__out-of-box-monitoring.yaml');
const OLD_DRIFT = yaml(
  'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__data_drift@acdf6c0.yaml',
);
const tmp = mkdtempSync(path.join(tmpdir(), 'mm-cli-'));

function writeTmp(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('model-monitor validate', () => {
  it('exits 0 on a valid monitor, nothing on stderr', () => {
    const r = run('validate', OUT_OF_BOX);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid monitor 'credit_default_model_monitoring' (out-of-box)");
  });

  it('exits 0 on an older dialect, warnings on stderr naming the replacement', () => {
    const r = run('validate', OLD_DRIFT);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: create_monitor\.monitoring_signals\.testSignal\.target_dataset \(line \d+\): 'target_dataset' is an older form; replaced by 'production_data'/,
    );
  });

  it('exits 2 with each problem (path, line, expectation) on stderr', () => {
    const text = readFileSync(
      yaml('azureml-examples__cli__monitoring__advanced-model-monitoring.yaml'),
      'utf8',
    )
      .replace('jensen_shannon_distance: 0.01', 'jensen_shannon: 0.01')
      .replace('  type: recurrence\n', '  type: recurrence\n  time_zone: Atlantis Time\n');
    const file = writeTmp('broken.yaml', text);
    const r = run('validate', file);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /error: trigger\.time_zone \(line 10\): unknown time zone; expected a Windows zone name/,
    );
    expect(lines[1]).toMatch(
      /error: create_monitor\.monitoring_signals\.advanced_data_drift\.metric_thresholds\.numerical\.jensen_shannon \(line \d+\): unknown metric; expected one of jensen_shannon_distance, normalized_wasserstein_distance, population_stability_index, two_sample_kolmogorov_smirnov_test/,
    );
  });

  it('exits 2 on a document that is not a monitor schedule', () => {
    const r = run(
      'validate',
      yaml('azureml-examples__cli__monitoring__components__custom_signal__spec.yaml'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a monitor schedule: this looks like a spark component spec/);
  });

  it('exits 2 on a missing file', () => {
    const r = run('validate', path.join(tmp, 'nope.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read/);
  });
});

describe('model-monitor next-runs', () => {
  it('prints the next N fire times in UTC, one per line', () => {
    const r = run('next-runs', OUT_OF_BOX, '--after', '2026-03-06T04:00:00Z', '--count', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2026-03-07T03:15:00Z\n2026-03-08T03:15:00Z\n2026-03-09T03:15:00Z\n');
  });

  it('prints fewer when end_time comes first; honours time_zone across DST', () => {
    const text = readFileSync(OUT_OF_BOX, 'utf8').replace(
      '  interval: 1 # #every day\n',
      '  interval: 1 # #every day\n  time_zone: Pacific Standard Time\n  end_time: "2026-03-09T12:00:00"\n',
    );
    const r = run(
      'next-runs',
      writeTmp('pst.yaml', text),
      '--after',
      '2026-03-06T00:00:00Z',
      '--count',
      '10',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 03:15 PST = 11:15Z until Mar 8 (DST starts), then 03:15 PDT = 10:15Z; end_time is 12:00 local on Mar 9.
    expect(r.stdout).toBe(
      '2026-03-06T11:15:00Z\n2026-03-07T11:15:00Z\n2026-03-08T10:15:00Z\n2026-03-09T10:15:00Z\n',
    );
  });

  it('exits 2 on a bad --after', () => {
    const r = run('next-runs', OUT_OF_BOX, '--after', 'yesterday');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected an ISO-8601 date-time/);
  });

  it('exits 2 without --after', () => {
    expect(run('next-runs', OUT_OF_BOX).code).toBe(2);
  });

  it('exits 2 on an invalid YAML', () => {
    const bad = writeTmp(
      'cron.yaml',
      readFileSync(OUT_OF_BOX, 'utf8').replace(
        / {2}type: recurrence[\s\S]*?minutes: 15[^\n]*\n/,
        '  type: cron\n  expression: "15 3 * *"\n',
      ),
    );
    const r = run('next-runs', bad, '--after', '2026-03-06T00:00:00Z');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/trigger\.expression \(line \d+\): invalid cron expression: expected 5 fields/);
  });
});
