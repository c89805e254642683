/** Data drift on Azure's own iris test data: "with drift" breaches at the default thresholds, "no drift" does not. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDataQuality, computeDrift } from '../../../src/core/signals/index.js';
import { AZUREML_DATA_DIR } from '../../helpers/paths.js';
import { testLoadCollectorFolder, testLoadCsv } from './iris-test-loader.js';

const reference = testLoadCsv(path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline', 'iris_baseline.csv'));
const withDrift = testLoadCollectorFolder(
  path.join(AZUREML_DATA_DIR, 'uri_folder_iris_model_inputs_with_drift'),
);
const noDrift = testLoadCollectorFolder(path.join(AZUREML_DATA_DIR, 'uri_folder_iris_model_inputs_no_drift'));
const common = { reference, target_column: 'target', correlation_id_columns: ['correlationid'] };

describe('iris data drift at default thresholds (numerical NWD 0.1, categorical JSD 0.1)', () => {
  it('breaches on the "with drift" folder', () => {
    const r = computeDrift({ ...common, type: 'data_drift', production: withDrift });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => x.group).sort()).toEqual([
      'petal_length',
      'petal_width',
      'sepal_length',
      'sepal_width',
    ]);
    expect(
      r.rows.every((x) => x.metric_name === 'NormalizedWassersteinDistance' && x.threshold_value === 0.1),
    ).toBe(true);
    expect(r.breached).toBe(true);
    expect(r.rows.filter((x) => x.breached).length).toBeGreaterThan(0);
    expect(r.row_counts).toEqual({ reference: reference.rowCount, production: withDrift.rowCount });
    expect(r.histograms?.length).toBe(4);
  });

  it('does not breach on the "no drift" folder', () => {
    const r = computeDrift({ ...common, type: 'data_drift', production: noDrift });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.length).toBe(4);
    expect(r.breached).toBe(false);
    for (const x of r.rows) expect(x.metric_value).toBeLessThanOrEqual(0.1);
  });

  it('data quality: no drift data is within the reference bounds, with-drift data is not', () => {
    const ok = computeDataQuality({ ...common, production: noDrift });
    const bad = computeDataQuality({ ...common, production: withDrift });
    expect(ok.ok && !ok.breached).toBe(true);
    expect(bad.ok && bad.rows.some((x) => x.metric_name === 'OutOfBoundsRate' && x.breached)).toBe(true);
  });
});
