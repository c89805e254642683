import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildResultFiles, buildSignalDocument, histogramFilePath } from '../../../src/core/runs/outputs.js';
import type { EvaluationResult, MetricRow, SignalResult } from '../../../src/core/runs/result.js';
import { AZUREML_DATA_DIR } from '../../helpers/paths.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;
const keys = (v: unknown): string[] => Object.keys(obj(v)).sort();

/** Azure's signal_metrics sample (generic outputter input): group,metric_value,metric_name,threshold_value. */
function sampleRows(): MetricRow[] {
  const csv = readFileSync(
    path.join(AZUREML_DATA_DIR, 'mltable_data_drift_signal_output', 'signal_output.csv'),
    'utf8',
  );
  const [, ...lines] = csv.trim().split(/\r?\n/);
  const num = (s: string | undefined): number | null =>
    s === undefined || s === '' || s === '""' ? null : Number(s);
  return lines.map((line) => {
    const [group, value, metric, threshold] = line.split(',');
    return {
      group: group ?? '',
      metric_name: metric ?? '',
      metric_value: num(value),
      threshold_value: num(threshold),
      breached: false,
      data_type: '',
    };
  });
}

const gsqSample = (): Json =>
  JSON.parse(readFileSync(path.join(AZUREML_DATA_DIR, 'resources', 'gsq-signal.json'), 'utf8')) as Json;

describe('generic outputter document (FACTS §7.3) against Azure samples', () => {
  const rows = sampleRows();
  const signal: SignalResult = {
    type: 'generation_safety_quality',
    status: 'Completed',
    breached: false,
    alertEnabled: true,
    rowCounts: {},
    metrics: rows,
  };
  const doc = obj(buildSignalDocument('gsq-signal', signal, 'run-1'));
  const sample = gsqSample();
  const ours = obj(doc.metrics);
  const theirs = obj(sample.metrics);

  it('has the top-level keys and signalType of the sample', () => {
    expect(keys(doc)).toEqual(keys(sample));
    expect(doc.signalType).toBe(sample.signalType);
    expect(doc.version).toBe(sample.version);
  });

  it('puts grouped rows under groups and group-less rows at the metric level, like the sample', () => {
    // RowCount: only groups in both.
    expect(keys(ours.RowCount)).toEqual(keys(theirs.RowCount));
    expect(keys(obj(ours.RowCount).groups)).toEqual(keys(obj(theirs.RowCount).groups));
    // Per-instance metrics: value/threshold/timeseries at the top plus groups (sample also has `samples`).
    const fluency = obj(ours.AcceptableFluencyScorePerInstance);
    const sampleFluency = obj(theirs.AcceptableFluencyScorePerInstance);
    expect(keys(fluency)).toEqual(keys(sampleFluency).filter((k) => k !== 'samples'));
    expect(keys(fluency.groups)).toEqual(keys(sampleFluency.groups));
    const g = obj(obj(fluency.groups)['5']);
    expect(keys(g)).toEqual(keys(obj(obj(sampleFluency.groups)['5'])));
    expect(keys(obj(g.timeseries))).toEqual(keys(obj(obj(obj(sampleFluency.groups)['5']).timeseries)));
    expect(obj(g.timeseries).metricNames).toEqual(
      obj(obj(obj(sampleFluency.groups)['5']).timeseries).metricNames,
    );
    // Aggregates: no groups in either.
    expect(keys(ours.AggregatedFluencyPassRate)).toEqual(keys(theirs.AggregatedFluencyPassRate));
  });

  it('carries every CSV row value and threshold as numbers (null when empty)', () => {
    for (const r of rows) {
      const entry = obj(ours[r.metric_name]);
      const target = r.group === '' ? entry : obj(obj(entry.groups)[r.group]);
      expect(target.value, `${r.metric_name}/${r.group}`).toBe(r.metric_value);
      expect(target.threshold, `${r.metric_name}/${r.group}`).toBe(r.threshold_value);
    }
  });

  it('nests group_dimension and skips duplicates', () => {
    const d = obj(
      buildSignalDocument(
        'c',
        {
          ...signal,
          type: 'custom',
          metrics: [
            {
              group: 'US',
              group_dimension: 'mobile',
              metric_name: 'm',
              metric_value: 1,
              threshold_value: 2,
              breached: false,
              data_type: '',
            },
            {
              group: 'US',
              group_dimension: 'mobile',
              metric_name: 'm',
              metric_value: 9,
              threshold_value: 2,
              breached: false,
              data_type: '',
            },
            {
              group: 'US',
              group_dimension: 'aggregate',
              metric_name: 'm',
              metric_value: 3,
              threshold_value: 2,
              breached: false,
              data_type: '',
            },
          ],
        },
        'r',
      ),
    );
    expect(d.signalType).toBe('Custom');
    const us = obj(obj(obj(obj(d.metrics).m).groups).US);
    expect(us.value).toBe(3);
    expect(obj(obj(us.groups).mobile).value).toBe(1);
  });
});

describe('feature-shaped documents (FACTS §7.2), histograms and manifest', () => {
  const drift: SignalResult = {
    type: 'data_drift',
    status: 'Completed',
    breached: true,
    alertEnabled: true,
    rowCounts: { baseline: 1000, target: 250 },
    metrics: [
      {
        group: 'AGE',
        metric_name: 'NormalizedWassersteinDistance',
        metric_value: 0.12,
        threshold_value: 0.1,
        breached: true,
        data_type: 'Numerical',
      },
      {
        group: 'AGE',
        metric_name: 'BaselineFeatureImportance',
        metric_value: 0.31,
        threshold_value: null,
        breached: false,
        data_type: 'Numerical',
      },
      {
        group: 'SEX',
        metric_name: 'JensenShannonDistance',
        metric_value: 0.01,
        threshold_value: 0.1,
        breached: false,
        data_type: 'Categorical',
      },
      {
        group: '',
        metric_name: 'RowCount',
        metric_value: 250,
        threshold_value: null,
        breached: false,
        data_type: '',
      },
    ],
    histograms: [
      {
        featureName: 'AGE',
        dataType: 'Numerical',
        histogram: [{ lowerBound: 21.123, upperBound: 30.456, baselineCount: 10, targetCount: 4 }],
      },
      {
        featureName: 'SEX',
        dataType: 'Categorical',
        histogram: [{ category: 'F', baselineCount: 5, targetCount: 7 }],
      },
    ],
  };
  const quality: SignalResult = {
    type: 'data_quality',
    status: 'Completed',
    breached: false,
    alertEnabled: false,
    rowCounts: {},
    metrics: [
      {
        group: 'AGE',
        metric_name: 'NullValueRate',
        metric_value: 0.02,
        baseline_value: 0.01,
        threshold_value: 0.011,
        breached: true,
        data_type: 'Numerical',
      },
      {
        group: 'reference_data',
        metric_name: 'RowCount',
        metric_value: 1000,
        threshold_value: null,
        breached: false,
        data_type: '',
      },
      {
        group: 'production_data',
        metric_name: 'RowCount',
        metric_value: 250,
        threshold_value: null,
        breached: false,
        data_type: '',
      },
    ],
  };
  const fad: SignalResult = {
    type: 'feature_attribution_drift',
    status: 'Completed',
    breached: false,
    alertEnabled: true,
    rowCounts: {},
    metrics: [
      {
        group: '',
        metric_name: 'NormalizedDiscountedCumulativeGain',
        metric_value: 0.97,
        threshold_value: 0.9,
        breached: false,
        data_type: '',
      },
    ],
  };
  const result: EvaluationResult = {
    monitor: 'm',
    runTime: '2026-11-26T04:00:00Z',
    status: 'Failed',
    signals: {
      drift: drift,
      quality,
      fad,
      perf: {
        type: 'model_performance',
        status: 'Failed',
        error: 'no data',
        breached: false,
        alertEnabled: true,
        rowCounts: {},
        metrics: [],
      },
    },
  };
  const files = buildResultFiles(result, 'run-9');
  const byPath = new Map(files.map((f) => [f.path, f.content]));

  it('drift: rowCount, features with dataType, histogram path, metrics and runMetrics', () => {
    expect(byPath.get('signals/drift.json')).toEqual({
      signalName: 'drift',
      signalType: 'DataDrift',
      version: '1.0.0',
      metrics: {
        rowCount: { baselineCount: 1000, targetCount: 250 },
        features: {
          AGE: {
            dataType: 'Numerical',
            histogram: 'signals/drift/AGE.histogram.json',
            metrics: [
              { metricName: 'NormalizedWassersteinDistance', metricValue: 0.12, threshold: 0.1 },
              { metricName: 'BaselineFeatureImportance', metricValue: 0.31 },
            ],
            runMetrics: [
              { runId: 'run-9', metricName: 'NormalizedWassersteinDistance', runMetricName: 'value' },
              { runId: 'run-9', metricName: 'BaselineFeatureImportance', runMetricName: 'value' },
            ],
          },
          SEX: {
            dataType: 'Categorical',
            histogram: 'signals/drift/SEX.histogram.json',
            metrics: [{ metricName: 'JensenShannonDistance', metricValue: 0.01, threshold: 0.1 }],
            runMetrics: [{ runId: 'run-9', metricName: 'JensenShannonDistance', runMetricName: 'value' }],
          },
        },
      },
    });
  });

  it('histogram files: 2-decimal bounds, Azure key order, categorical buckets', () => {
    const age = byPath.get('signals/drift/AGE.histogram.json');
    expect(age).toEqual({
      featureName: 'AGE',
      histogram: [{ baselineCount: 10, lowerBound: 21.12, upperBound: 30.46, targetCount: 4 }],
    });
    expect(Object.keys((obj(age).histogram as Json[])[0]!)).toEqual([
      'baselineCount',
      'lowerBound',
      'upperBound',
      'targetCount',
    ]);
    expect(byPath.get('signals/drift/SEX.histogram.json')).toEqual({
      featureName: 'SEX',
      histogram: [{ baselineCount: 5, category: 'F', targetCount: 7 }],
    });
  });

  it('data quality entries use targetValue/baselineValue and RowCount rows give rowCount', () => {
    const q = obj(obj(byPath.get('signals/quality.json')).metrics);
    expect(q.rowCount).toEqual({ baselineCount: 1000, targetCount: 250 });
    expect(obj(obj(q.features).AGE).metrics).toEqual([
      { metricName: 'NullValueRate', targetValue: 0.02, baselineValue: 0.01, threshold: 0.011 },
    ]);
    expect(obj(q.features).AGE).not.toHaveProperty('histogram');
  });

  it('FAD puts NDCG at the top of metrics', () => {
    expect(obj(obj(byPath.get('signals/fad.json')).metrics).NormalizedDiscountedCumulativeGain).toEqual({
      metricValue: 0.97,
      runId: 'run-9',
      metricName: 'NormalizedDiscountedCumulativeGain',
      runMetricName: 'value',
      threshold: 0.9,
    });
  });

  it('manifest lists the completed signals; failed signals get no file', () => {
    expect(files[0]?.path).toBe('manifest.json');
    expect(byPath.get('manifest.json')).toEqual({
      version: '1.0.0',
      metricsFiles: { drift: 'signals/drift.json', quality: 'signals/quality.json', fad: 'signals/fad.json' },
    });
    expect(byPath.has('signals/perf.json')).toBe(false);
    expect(histogramFilePath('a/b', 'x/y%')).toBe('signals/a%2Fb/x%2Fy%25.histogram.json');
  });
});
