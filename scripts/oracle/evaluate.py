#!/usr/bin/python3
"""Oracle for `model-monitor evaluate` on the reference data: reads the same files the tests evaluate (iris
collector JSONL and baseline MLTable CSV, credit-default MLTable CSVs with TIMESTAMP, model-performance CSV),
cuts the same windows, and computes every metric with scipy/sklearn following DESIGN §6. Writes
test/fixtures/evaluate-oracle.json. Run with Debian's python:

    /usr/bin/python3 scripts/oracle/evaluate.py

Each case names a monitor YAML under test/fixtures/monitors/, the run time, the --asset mappings (paths
relative to the reference data folder) and the expected rows per signal: {group, metric_name, metric_value}
plus row counts. The tests run the CLI / evaluateYaml on the same inputs and compare.
"""
import glob
import json
import math
import os
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, mean_absolute_error, mean_squared_error, precision_score, recall_score

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from metrics import categorical_expected, numerical_expected  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, '..', '..'))
DATA = os.path.abspath(os.path.join(REPO, '..', 'shared', 'reference', 'azureml', 'data'))
OUT = os.path.join(REPO, 'test', 'fixtures', 'evaluate-oracle.json')

DRIFT_NAMES = {
    'jensen_shannon_distance': 'JensenShannonDistance',
    'normalized_wasserstein_distance': 'NormalizedWassersteinDistance',
    'population_stability_index': 'PopulationStabilityIndex',
    'two_sample_kolmogorov_smirnov_test': 'TwoSampleKolmogorovSmirnovTest',
    'pearsons_chi_squared_test': 'PearsonsChiSquaredTest',
}


def read_collector(folder, start, end):
    """Collector hour folders floor_hour(start)..floor_hour(end) (end on the hour excluded); one row per data item."""
    rows = []
    for f in sorted(glob.glob(os.path.join(folder, '*', '*', '*', '*', '*.jsonl'))):
        y, mo, d, h = f.split(os.sep)[-5:-1]
        hour = pd.Timestamp(f'{y}-{mo}-{d}T{h}:00:00Z')
        first = start.floor('h')
        last = end - pd.Timedelta(hours=1) if end == end.floor('h') else end.floor('h')
        if not (first <= hour <= last):
            continue
        for line in open(f, encoding='utf-8'):
            if not line.strip():
                continue
            rec = json.loads(line)
            for item in rec.get('data') or []:
                rows.append(item)
    return pd.DataFrame(rows)


def feature_type(ref_col):
    """DESIGN §6: strings/bools categorical, floats numerical, ints categorical when distinct/rows < 0.05."""
    s = ref_col.dropna()
    if s.dtype == object or s.dtype == bool:
        return 'categorical'
    if pd.api.types.is_integer_dtype(s) or (len(s) > 0 and np.all(np.equal(np.mod(s, 1), 0)) and ref_col.dtype != float):
        return 'categorical' if s.nunique() / len(ref_col) < 0.05 else 'numerical'
    return 'numerical'


def common_features(prod, ref, excluded):
    return [c for c in prod.columns if c in ref.columns and c not in excluded]


def drift_rows(prod, ref, excluded, numerical_metric, categorical_metric):
    out = []
    for name in common_features(prod, ref, excluded):
        t = feature_type(ref[name])
        if t == 'numerical':
            r = ref[name].dropna().astype(float).to_numpy()
            p = pd.to_numeric(prod[name], errors='coerce').dropna().astype(float).to_numpy()
            e = numerical_expected(r, p)
            metric = DRIFT_NAMES[numerical_metric]
        else:
            r = [str(v) for v in ref[name].dropna()]
            p = [str(v) for v in prod[name].dropna()]
            e = categorical_expected(r, p)
            metric = DRIFT_NAMES[categorical_metric]
        out.append({'group': name, 'metric_name': metric, 'metric_value': e[metric],
                    'data_type': 'Numerical' if t == 'numerical' else 'Categorical'})
    return out


def quality_rows(prod, ref, excluded):
    """Null, type-error and out-of-bounds rates per feature over the production rows."""
    out = []
    n = len(prod)
    for name in common_features(prod, ref, excluded):
        t = feature_type(ref[name])
        col = prod[name]
        nulls = int(col.isna().sum())
        values = col.dropna()
        if t == 'numerical':
            num = pd.to_numeric(values, errors='coerce')
            type_errors = int(num.isna().sum())
            ok = num.dropna().astype(float)
            rv = ref[name].dropna().astype(float)
            oob = int(((ok < rv.min()) | (ok > rv.max())).sum())
        else:
            type_errors = 0
            cats = set(str(v) for v in ref[name].dropna())
            oob = int(sum(1 for v in values if str(v) not in cats))
        dt = 'Numerical' if t == 'numerical' else 'Categorical'
        for metric, count in (('NullValueRate', nulls), ('DataTypeErrorRate', type_errors), ('OutOfBoundsRate', oob)):
            out.append({'group': name, 'metric_name': metric, 'metric_value': count / n, 'data_type': dt})
    return out


def iris_case(name, production_folder):
    at = pd.Timestamp('2023-02-02T00:00:00Z')
    prod = read_collector(os.path.join(DATA, production_folder), at - pd.Timedelta(days=7), at)
    ref = pd.read_csv(os.path.join(DATA, 'mltable_iris_baseline', 'iris_baseline.csv'))
    excluded = {'time', 'correlationid'}
    return {
        'name': name,
        'monitor': 'iris-drift.yaml',
        'at': '2023-02-02T00:00:00Z',
        'assets': {'iris-production:1': production_folder, 'iris-baseline:1': 'mltable_iris_baseline'},
        'signals': {
            'drift': {'rowCounts': {'production': len(prod), 'reference': len(ref)},
                      'metrics': drift_rows(prod, ref, excluded, 'jensen_shannon_distance', 'pearsons_chi_squared_test')},
            'quality': {'rowCounts': {'production': len(prod), 'reference': len(ref)},
                        'metrics': [m for m in quality_rows(prod, ref, excluded)]},
        },
    }


def credit_case():
    at = pd.Timestamp('2023-12-05T06:00:00Z')
    start = at - pd.Timedelta(hours=12)
    prod_all = pd.read_csv(os.path.join(DATA, 'mltable_test_with_timestamp_production_data', 'production.csv'))
    ts = pd.to_datetime(prod_all['TIMESTAMP'], utc=True)
    prod = prod_all[(ts >= start) & (ts < at)].reset_index(drop=True)
    ref = pd.read_csv(os.path.join(DATA, 'mltable_test_with_timestamp_baseline_data', 'baseline.csv'))
    excluded = {'TIMESTAMP', 'DEFAULT_NEXT_MONTH'}
    counts = {'production': len(prod), 'reference': len(ref)}
    return {
        'name': 'credit-default MLTable folders with TIMESTAMP',
        'monitor': 'credit-timestamp.yaml',
        'at': '2023-12-05T06:00:00Z',
        'assets': {'credit-production:1': 'mltable_test_with_timestamp_production_data',
                   'credit-reference:1': 'mltable_test_with_timestamp_baseline_data'},
        'signals': {
            'drift': {'rowCounts': counts, 'metrics': drift_rows(
                prod, ref, excluded, 'normalized_wasserstein_distance', 'jensen_shannon_distance')},
            'drift_tests': {'rowCounts': counts, 'metrics': drift_rows(
                prod, ref, excluded, 'two_sample_kolmogorov_smirnov_test', 'pearsons_chi_squared_test')},
            'quality': {'rowCounts': counts, 'metrics': quality_rows(prod, ref, excluded)},
        },
    }


def performance_cases():
    df = pd.read_csv(os.path.join(DATA, 'mltable_model_performance_production_data', 'production_data.csv'))
    # The production and ground-truth inputs are the same table joined to itself on correlationid.
    joined = df.merge(df, on='correlationid', suffixes=('_p', '_t'))
    y_pred = joined['classification_p'].astype(str)
    y_true = joined['classification-targetvalue_t'].astype(str)
    cls = [
        {'group': '', 'metric_name': 'Accuracy', 'metric_value': float(accuracy_score(y_true, y_pred))},
        {'group': '', 'metric_name': 'Precision',
         'metric_value': float(precision_score(y_true, y_pred, average='macro', zero_division=0))},
        {'group': '', 'metric_name': 'Recall',
         'metric_value': float(recall_score(y_true, y_pred, average='macro', zero_division=0))},
    ]
    rp = joined['regression_p'].astype(float)
    rt = joined['regression-targetvalue_t'].astype(float)
    mse = float(mean_squared_error(rt, rp))
    reg = [
        {'group': '', 'metric_name': 'MeanAbsoluteError', 'metric_value': float(mean_absolute_error(rt, rp))},
        {'group': '', 'metric_name': 'MeanSquaredError', 'metric_value': mse},
        {'group': '', 'metric_name': 'RootMeanSquaredError', 'metric_value': math.sqrt(mse)},
    ]
    assets = {'performance-data:1': 'mltable_model_performance_production_data'}
    n = len(df)
    return [
        {'name': 'model performance, classification', 'monitor': 'model-performance.yaml',
         'at': '2024-01-01T00:00:00Z', 'assets': assets,
         'signals': {'classification': {'rowCounts': {'production': n, 'reference': n, 'joined': len(joined)},
                                        'metrics': cls}}},
        {'name': 'model performance, regression', 'monitor': 'model-performance-regression.yaml',
         'at': '2024-01-01T00:00:00Z', 'assets': assets,
         'signals': {'regression': {'rowCounts': {'production': n, 'reference': n, 'joined': len(joined)},
                                    'metrics': reg}}},
    ]


def clean(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    return v


def main():
    cases = [
        iris_case('iris collector folder without drift', 'uri_folder_iris_model_inputs_no_drift'),
        iris_case('iris collector folder with drift', 'uri_folder_iris_model_inputs_with_drift'),
        credit_case(),
        *performance_cases(),
    ]
    for c in cases:
        for s in c['signals'].values():
            for m in s['metrics']:
                m['metric_value'] = clean(m['metric_value'])
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump({'generator': 'scripts/oracle/evaluate.py', 'cases': cases}, f, indent=1)
        f.write('\n')
    print(f'wrote {OUT}: {len(cases)} cases, {sum(len(s["metrics"]) for c in cases for s in c["signals"].values())} metric rows')


if __name__ == '__main__':
    main()
