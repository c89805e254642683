/** The real evaluator: reference data resolved and read through the adapters, evaluated end to end. */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluateYaml,
  localCollectorRoot,
  overlaySource,
  rawHourParser,
} from '../../src/adapters/evaluator.js';
import { localFileSource } from '../../src/adapters/local-files.js';
import { tableToArrowBytes } from '../../src/core/data/arrow.js';
import { parseCollectorText, ROLES_METADATA_KEY } from '../../src/core/data/collector.js';
import type { EvaluationResult, SignalResult } from '../../src/core/runs/result.js';
import { irisCollectorRoot } from '../helpers/collector-layout.js';
import { assetPaths, expectMatchesOracle, monitorPath, ORACLE_CASES } from '../helpers/evaluate-oracle.js';
import { AZUREML_DATA_DIR, FIXTURES_DIR } from '../helpers/paths.js';

const monitor = (name: string): string => readFileSync(path.join(FIXTURES_DIR, 'monitors', name), 'utf8');
const data = (name: string): string => path.join(AZUREML_DATA_DIR, name);

async function evaluated(...args: Parameters<typeof evaluateYaml>): Promise<EvaluationResult> {
  const r = await evaluateYaml(...args);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.result;
}

function signal(result: EvaluationResult, name: string): SignalResult {
  const s = result.signals[name];
  if (!s) throw new Error(`no signal ${name} in ${Object.keys(result.signals).join(', ')}`);
  return s;
}

const irisAssets = (production: string): Record<string, string> => ({
  'iris-production:1': data(production),
  'iris-baseline:1': data('mltable_iris_baseline'),
});

describe('evaluateYaml on iris collector folders against the iris baseline MLTable', () => {
  it('no drift: completed, nothing breached, collector metadata columns are not features', async () => {
    const r = await evaluated(monitor('iris-drift.yaml'), '2023-02-02T00:00:00Z', {
      overrides: irisAssets('uri_folder_iris_model_inputs_no_drift'),
    });
    expect(r.status).toBe('Completed');
    const drift = signal(r, 'drift');
    expect(drift.status).toBe('Completed');
    expect(drift.breached).toBe(false);
    expect(drift.window).toEqual({ start: '2023-01-26T00:00:00.000Z', end: '2023-02-02T00:00:00.000Z' });
    const groups = new Set(drift.metrics.map((m) => m.group));
    expect([...groups].sort()).toEqual(['petal_length', 'petal_width', 'sepal_length', 'sepal_width']);
    const quality = signal(r, 'quality');
    expect(quality.status).toBe('Completed');
    const qGroups = new Set(quality.metrics.map((m) => m.group));
    for (const meta of ['time', 'correlationid']) {
      expect(groups.has(meta)).toBe(false);
      expect(qGroups.has(meta)).toBe(false);
    }
  });

  it('with drift: the alert-enabled drift signal breaches and the run fails', async () => {
    const r = await evaluated(monitor('iris-drift.yaml'), '2023-02-02T00:00:00Z', {
      overrides: irisAssets('uri_folder_iris_model_inputs_with_drift'),
    });
    expect(r.status).toBe('Failed');
    const drift = signal(r, 'drift');
    expect(drift.breached).toBe(true);
    expect(drift.rowCounts.production).toBe(20);
    expect(drift.metrics.filter((m) => m.breached).length).toBeGreaterThan(0);
  });

  it('a missing asset fails that signal with the resolution trail; the run is still evaluated', async () => {
    const r = await evaluated(monitor('iris-drift.yaml'), '2023-02-02T00:00:00Z', {
      overrides: { 'iris-baseline:1': data('mltable_iris_baseline') },
    });
    expect(r.status).toBe('Failed');
    const drift = signal(r, 'drift');
    expect(drift.status).toBe('Failed');
    expect(drift.error).toContain('azureml:iris-production:1');
    expect(drift.error).toContain('no --asset override');
  });

  it('a window with no collector hours fails the signal with Azure’s "No data found" message', async () => {
    const r = await evaluated(monitor('iris-drift.yaml'), '2024-06-01T00:00:00Z', {
      overrides: irisAssets('uri_folder_iris_model_inputs_no_drift'),
    });
    expect(signal(r, 'drift').error).toContain('No data found for the given time window');
  });

  it('bad YAML: problems with path and line, no throw', async () => {
    const text = monitor('iris-drift.yaml').replace('jensen_shannon_distance: 0.1', 'jensen_shannon: 0.1');
    const r = await evaluateYaml(text, '2023-02-02T00:00:00Z');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const p = r.problems.find((x) => x.path.endsWith('numerical.jensen_shannon'));
    expect(p?.message).toContain('unknown metric');
    expect(p?.line).toBeGreaterThan(0);
  });
});

describe('out-of-box monitors over a --collector-root', () => {
  it('resolves azureml:<endpoint>-<deployment>-<collection> to the collector folders', async () => {
    for (const drift of [false, true]) {
      const r = await evaluated(monitor('out-of-box.yaml'), '2023-02-02T00:00:00Z', {
        collectorRoots: [localCollectorRoot(irisCollectorRoot(drift))],
      });
      const dd = signal(r, 'data-drift-signal');
      expect(dd.status).toBe('Completed');
      expect(dd.breached).toBe(drift);
      expect(dd.notes?.join('\n')).toContain('collector data iris-ep/blue/model_inputs');
      const pd = signal(r, 'prediction-drift-signal');
      expect(pd.status).toBe('Completed');
      expect(pd.breached).toBe(false);
      expect(pd.metrics.map((m) => m.group)).toEqual(['target']);
      const dq = signal(r, 'data-quality-signal');
      expect(dq.status).toBe('Completed');
      expect(dq.metrics.some((m) => m.group === 'correlationid' || m.group === 'time')).toBe(false);
      expect(r.status).toBe(drift ? 'Failed' : 'Completed');
    }
  });

  it('curated .arrow partitions give the same result as raw JSONL, and win over raw files of the same hour', async () => {
    const rawRoot = irisCollectorRoot(true);
    const curated = await mkdtemp(path.join(tmpdir(), 'mm-curated-'));
    // Ingest every hour of the raw layout the way ingestion does.
    for (const collection of ['model_inputs', 'model_outputs'])
      for (const hour of ['2023/01/31/01', '2023/02/01/01']) {
        const rel = `iris-ep/blue/${collection}/${hour}`;
        const text = await readFile(path.join(rawRoot, rel, 'data.jsonl'), 'utf8');
        const parsed = await parseCollectorText(text, {
          sourceBlob: `${rel}/data.jsonl`,
          maxLineBytes: 1 << 24,
        });
        await mkdir(path.join(curated, rel), { recursive: true });
        await writeFile(
          path.join(curated, rel, 'data.arrow'),
          tableToArrowBytes(parsed.table, {
            schemaMetadata: { [ROLES_METADATA_KEY]: JSON.stringify(parsed.roles) },
          }),
        );
      }
    const raw = await evaluated(monitor('out-of-box.yaml'), '2023-02-02T00:00:00Z', {
      collectorRoots: [localCollectorRoot(rawRoot)],
    });
    const local = localFileSource();
    const overlay = await evaluated(monitor('out-of-box.yaml'), '2023-02-02T00:00:00Z', {
      collectorRoots: [{ source: overlaySource(local, local), root: curated }],
    });
    const strip = (r: EvaluationResult): unknown =>
      Object.fromEntries(Object.entries(r.signals).map(([k, s]) => [k, { ...s, notes: undefined }]));
    expect(strip(overlay)).toEqual(strip(raw));
  });
});

describe('rawHourParser', () => {
  it('resolves datarefs next to the JSONL file and reports the roles', async () => {
    const dir = data('raw_mdc_data/2023/10/16/21');
    const file = `${dir}/mdc_dataref_only.jsonl`;
    const seen = { roles: [], notes: [] as string[] };
    const source = localFileSource();
    const table = await rawHourParser(seen)([{ path: file, bytes: await source.read(file) }], {
      source,
      hour: new Date('2023-10-16T21:00:00Z'),
    });
    expect(table.rowCount).toBeGreaterThan(0);
    expect(seen.notes).toEqual([]);
    expect(seen.roles).toHaveLength(1);
  });
});

describe('evaluateYaml against the scipy/sklearn oracle (scripts/oracle/evaluate.py)', () => {
  for (const c of ORACLE_CASES) {
    it(c.name, async () => {
      const r = await evaluated(readFileSync(monitorPath(c), 'utf8'), c.at, { overrides: assetPaths(c) });
      expectMatchesOracle(r, c);
    });
  }
});

describe('custom signals', () => {
  const yaml = (componentId: string): string => `
name: custom_monitor
trigger: {type: recurrence, frequency: day, interval: 1, schedule: {hours: 0, minutes: 0}}
create_monitor:
  compute: {instance_type: standard_e4s_v3, runtime_version: "3.4"}
  monitoring_signals:
    customSignal:
      type: custom
      component_id: ${componentId}
      input_data:
        test_data_1:
          input_data: {type: mltable, path: azureml:iris-baseline:1}
          data_context: test
      metric_thresholds:
        - metric_name: row_count
          threshold: 10
`;
  // A module computing one metric from the table it is given, threshold from the literals.
  const moduleText = `export default function ({ tables, literals }) {
  return [{ group: '', metric_name: 'row_count', metric_value: tables.test_data_1.rowCount, threshold_value: literals.row_count_threshold }];
}
`;

  it('loads a component path relative to the YAML folder, or a registered name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-custom-'));
    await mkdir(path.join(dir, 'signals'));
    await writeFile(path.join(dir, 'signals', 'row-count.mjs'), moduleText);
    const overrides = { 'iris-baseline:1': data('mltable_iris_baseline') };
    for (const [componentId, options] of [
      ['./signals/row-count.mjs', { specDir: dir }],
      [
        'azureml:my_custom_signal:1.0.0',
        { specDir: dir, components: { 'my_custom_signal:1.0.0': './signals/row-count.mjs' } },
      ],
    ] as const) {
      const r = await evaluated(yaml(componentId), '2023-02-02T00:00:00Z', { overrides, ...options });
      const s = signal(r, 'customSignal');
      expect(s.status, s.error).toBe('Completed');
      expect(s.metrics).toEqual([
        {
          group: '',
          metric_name: 'row_count',
          metric_value: 75,
          threshold_value: 10,
          breached: true,
          data_type: '',
        },
      ]);
    }
    const missing = await evaluated(yaml('azureml:unknown_signal:1'), '2023-02-02T00:00:00Z', { overrides });
    expect(signal(missing, 'customSignal').error).toContain(
      'component_id azureml:unknown_signal:1 is not registered',
    );
  });
});
