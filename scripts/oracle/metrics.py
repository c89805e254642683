#!/usr/bin/python3
"""Oracle for src/core/metrics: computes every metric with scipy/sklearn/numpy on varied data and writes
test/fixtures/metrics-oracle.json. Run with Debian's /usr/bin/python3 (scipy 1.10, sklearn):

    /usr/bin/python3 scripts/oracle/metrics.py

Large samples are not stored: they are described by a generator that both sides reproduce bit for bit
(a 32-bit LCG producing integers, divided by a power of ten), so the fixture stays small.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy import stats
from scipy.spatial.distance import jensenshannon
from sklearn.metrics import accuracy_score, precision_score, recall_score, mean_absolute_error, mean_squared_error

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'metrics-oracle.json')


def lcg_ints(seed, n, modulus):
    s = seed & 0xFFFFFFFF
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        s = (1664525 * s + 1013904223) & 0xFFFFFFFF
        out[i] = s % modulus
    return out


def generate(spec):
    """kind 'uniform': (lo + r) / scale; 'skewed': (r1 * r2 // modulus + lo) / scale (many small values)."""
    n, seed, modulus, lo, scale = spec['n'], spec['seed'], spec['modulus'], spec['lo'], spec['scale']
    r = lcg_ints(seed, n, modulus)
    if spec['kind'] == 'skewed':
        r2 = lcg_ints(seed * 7 + 1, n, modulus)
        r = (r * r2) // modulus
    return (lo + r).astype(np.float64) / scale


def bins_for(ref, prod):
    n = min(len(ref), len(prod))
    k = 1 if n <= 1 else math.ceil(math.log2(n) + 1)
    lo = min(ref.min(), prod.min())
    hi = max(ref.max(), prod.max())
    if lo == hi:
        d = 0.005 if lo == 0 else abs(lo) * 0.005
        return np.array([lo - d, lo + d])
    w = (hi - lo) / k
    return np.array([lo + i * w for i in range(k + 1)])


def counts_for(values, edges):
    k = len(edges) - 1
    idx = np.searchsorted(edges, values, side='right') - 1
    idx = np.clip(idx, 0, k - 1)
    return np.bincount(idx, minlength=k).astype(np.float64)


def psi(cb, cp):
    k = len(cb)
    b = (cb + 1) / (cb.sum() + k)
    p = (cp + 1) / (cp.sum() + k)
    return float(np.sum((p - b) * np.log(p / b)))


def numerical_expected(ref, prod):
    edges = bins_for(ref, prod)
    cb, cp = counts_for(ref, edges), counts_for(prod, edges)
    std = np.std(ref, ddof=1) if len(ref) > 1 else float('nan')
    norm = 0.001 if math.isnan(std) else max(std, 0.001)
    ks = stats.ks_2samp(ref, prod)
    nmax = max(len(ref), len(prod))
    return {
        'binCount': len(edges) - 1,
        'refCounts': cb.tolist(),
        'prodCounts': cp.tolist(),
        'JensenShannonDistance': float(jensenshannon(cb / len(ref), cp / len(prod), base=2)),
        'NormalizedWassersteinDistance': float(stats.wasserstein_distance(ref, prod) / norm),
        'PopulationStabilityIndex': psi(cb, cp),
        'TwoSampleKolmogorovSmirnovTest': float(ks.pvalue),
        'ksStatistic': float(ks.statistic),
        'ksMethod': 'exact' if nmax <= 10000 else 'asymp',
    }


def categorical_expected(ref, prod):
    cats = list(dict.fromkeys(list(ref) + list(prod)))
    cb = np.array([sum(1 for v in ref if v == c) for c in cats], dtype=np.float64)
    cp = np.array([sum(1 for v in prod if v == c) for c in cats], dtype=np.float64)
    expected = cb / len(ref) * len(prod)
    with np.errstate(divide='ignore', invalid='ignore'):
        chi = stats.chisquare(cp, expected)
    return {
        'categories': cats,
        'JensenShannonDistance': float(jensenshannon(cb / len(ref), cp / len(prod), base=2)),
        'PopulationStabilityIndex': psi(cb, cp),
        'PearsonsChiSquaredTest': None if math.isnan(chi.pvalue) else float(chi.pvalue),
    }


def main():
    rng = np.random.default_rng(20261126)
    numerical = []

    def add_num(name, ref, prod, stored=True, ref_spec=None, prod_spec=None):
        # Stored samples are rounded to 6 decimals to keep the fixture small (the oracle runs on the rounded data).
        ref = np.asarray(ref, dtype=np.float64)
        prod = np.asarray(prod, dtype=np.float64)
        if stored:
            ref, prod = ref.round(6), prod.round(6)
        case = {'name': name}
        if stored:
            case['ref'] = ref.tolist()
            case['prod'] = prod.tolist()
        else:
            case['refSpec'] = ref_spec
            case['prodSpec'] = prod_spec
        case['expected'] = numerical_expected(ref, prod)
        numerical.append(case)

    add_num('tiny one each', [1.0], [2.0])
    add_num('tiny two vs three', [0.5, 1.5], [1.0, 2.0, 3.0])
    add_num('identical small', [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    add_num('constant same value', [3.0] * 20, [3.0] * 30)
    add_num('constant zero', [0.0] * 8, [0.0] * 5)
    add_num('constant different values', [1.0] * 10, [2.0] * 10)
    add_num('reference constant, production varies', [5.0] * 50, rng.normal(5, 1, 40).round(3))
    add_num('ties integers', rng.integers(0, 5, 200), rng.integers(0, 6, 150))
    add_num('ties equal sizes', rng.integers(0, 10, 300), rng.integers(1, 11, 300))
    add_num('normal shift small', rng.normal(0, 1, 30), rng.normal(0.8, 1, 25))
    add_num('normal no shift', rng.normal(10, 2, 500), rng.normal(10, 2, 400))
    add_num('skewed lognormal', rng.lognormal(0, 1.5, 1000), rng.lognormal(0.3, 1.5, 800))
    add_num('negative values', rng.normal(-100, 30, 257), rng.normal(-90, 35, 129))
    add_num('tiny std reference', 1 + rng.normal(0, 1e-5, 100), 1 + rng.normal(0, 1e-5, 100))
    add_num('disjoint ranges', rng.uniform(0, 1, 60), rng.uniform(2, 3, 70))
    add_num('exact equal n 5000', rng.normal(0, 1, 5000), rng.normal(0.05, 1, 5000))
    add_num('exact unequal 10000 vs 9999 (coprime)', rng.normal(0, 1, 10000), rng.normal(0.03, 1, 9999))
    add_num('exact 7 vs 11', rng.normal(0, 1, 7), rng.normal(1, 1, 11))
    add_num('exact 3 vs 300', rng.normal(0, 1, 3), rng.normal(0, 1, 300))
    add_num('exact large gap', rng.normal(0, 1, 2000), rng.normal(0.5, 1, 3000))

    def add_gen(name, ref_spec, prod_spec):
        add_num(name, generate(ref_spec), generate(prod_spec), stored=False, ref_spec=ref_spec, prod_spec=prod_spec)

    U = lambda n, seed, lo=0, modulus=100000, scale=1000, kind='uniform': {
        'kind': kind, 'n': n, 'seed': seed, 'modulus': modulus, 'lo': lo, 'scale': scale}
    add_gen('asymp 20000 vs 500 (en <= 140 path)', U(20000, 1), U(500, 2, lo=3000))
    add_gen('asymp 20000 vs 130 Pomeranz/DMTW', U(20000, 3), U(130, 4, lo=2000))
    add_gen('asymp 20000 vs 20000 DMTW', U(20000, 5), U(20000, 6, lo=150))
    add_gen('asymp 12000 vs 11000 no shift', U(12000, 7), U(11000, 8))
    add_gen('asymp 60000 vs 40000 skewed PelzGood', U(60000, 9, kind='skewed'), U(40000, 10, kind='skewed', lo=100))
    add_gen('asymp 100000 vs 100000 shift smirnov', U(100000, 11), U(100000, 12, lo=2000))
    add_gen('asymp 100000 vs 100000 big shift', U(100000, 13), U(100000, 14, lo=30000))
    add_gen('asymp 200000 vs 150000 ties', U(200000, 15, modulus=50, scale=1),
            U(150000, 16, modulus=51, scale=1))
    add_gen('exact generated 10000 vs 10000 ties', U(10000, 17, modulus=200, scale=10),
            U(10000, 18, modulus=200, scale=10, lo=1))

    categorical = []

    def add_cat(name, ref, prod):
        categorical.append({'name': name, 'ref': list(ref), 'prod': list(prod),
                            'expected': categorical_expected(list(ref), list(prod))})

    add_cat('same distribution', ['a', 'b', 'c'] * 10, ['a', 'b', 'c'] * 7)
    add_cat('shifted shares', ['a'] * 50 + ['b'] * 30 + ['c'] * 20, ['a'] * 20 + ['b'] * 30 + ['c'] * 50)
    add_cat('unseen production category', ['x'] * 10 + ['y'] * 10, ['x'] * 5 + ['y'] * 5 + ['z'] * 2)
    add_cat('category missing in production', ['x'] * 10 + ['y'] * 10 + ['w'] * 3, ['x'] * 12 + ['y'] * 9)
    add_cat('single category K=1', ['only'] * 7, ['only'] * 4)
    add_cat('tiny', ['a'], ['b'])
    labels = [f'c{i}' for i in range(40)]
    add_cat('many categories skewed', rng.choice(labels, 3000, p=np.r_[[0.3], [0.7 / 39] * 39]).tolist(),
            rng.choice(labels, 2000).tolist())
    add_cat('small expected counts', ['a'] * 98 + ['b'] * 2, ['a'] * 90 + ['b'] * 10)

    classification = []

    def add_cls(name, y_true, y_pred):
        classification.append({'name': name, 'yTrue': list(y_true), 'yPred': list(y_pred), 'expected': {
            'Accuracy': float(accuracy_score(y_true, y_pred)),
            'Precision': float(precision_score(y_true, y_pred, average='macro', zero_division=0)),
            'Recall': float(recall_score(y_true, y_pred, average='macro', zero_division=0)),
        }})

    add_cls('binary', ['1', '0', '1', '1', '0', '1'], ['1', '0', '0', '1', '1', '1'])
    add_cls('labels only in y_pred', ['a', 'a', 'b', 'b'], ['a', 'c', 'b', 'd'])
    add_cls('label never predicted', ['a', 'b', 'c', 'c'], ['a', 'b', 'b', 'b'])
    add_cls('perfect', ['x', 'y'] * 5, ['x', 'y'] * 5)
    iris = ['setosa', 'versicolor', 'virginica']
    yt = rng.choice(iris, 500).tolist()
    yp = [t if rng.random() < 0.8 else rng.choice(iris + ['unknown']) for t in yt]
    add_cls('iris-like 500', yt, yp)

    regression = []

    def add_reg(name, y_true, y_pred):
        y_true = np.asarray(y_true, dtype=np.float64)
        y_pred = np.asarray(y_pred, dtype=np.float64)
        regression.append({'name': name, 'yTrue': y_true.tolist(), 'yPred': y_pred.tolist(), 'expected': {
            'MeanAbsoluteError': float(mean_absolute_error(y_true, y_pred)),
            'MeanSquaredError': float(mean_squared_error(y_true, y_pred)),
            'RootMeanSquaredError': float(math.sqrt(mean_squared_error(y_true, y_pred))),
        }})

    add_reg('small', [3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    add_reg('perfect', [1, 2, 3], [1, 2, 3])
    t = rng.normal(50, 10, 1000)
    add_reg('noisy 1000', t, t + rng.normal(0, 3, 1000))

    # Data quality with pandas: nulls, values that do not cast to the reference type, out of reference bounds.
    import pandas as pd
    quality = []

    def add_quality(name, kind, ref, prod):
        r = pd.Series(ref, dtype=object)
        p = pd.Series(prod, dtype=object)
        rows = len(p)
        if kind == 'numerical':
            rnum = pd.to_numeric(r, errors='coerce')
            pnum = pd.to_numeric(p, errors='coerce')
            type_err = int((pnum.isna() & p.notna()).sum())
            lo, hi = rnum.min(), rnum.max()
            oob = int(((pnum < lo) | (pnum > hi)).sum())
        else:
            type_err = 0
            ref_set = set(str(v) for v in r.dropna())
            oob = int(sum(1 for v in p.dropna() if str(v) not in ref_set))
        quality.append({'name': name, 'kind': kind, 'ref': ref, 'prod': prod, 'expected': {
            'NullValueRate': float(p.isna().sum() / rows),
            'DataTypeErrorRate': float(type_err / rows),
            'OutOfBoundsRate': float(oob / rows),
            'refNullValueRate': float(r.isna().sum() / len(r)),
        }})

    add_quality('numerical with nulls, strings and out-of-range values', 'numerical',
                [1.5, 2.0, None, 7.25, 3.0, None], [0.5, 2.0, None, 'abc', '4.5', 8.0, None, 7.25, 'x1', 1.5])
    add_quality('numerical all in bounds', 'numerical', list(np.round(rng.normal(0, 1, 50), 3)),
                list(np.round(rng.uniform(-0.5, 0.5, 40), 3)))
    add_quality('categorical unseen values and nulls', 'categorical',
                ['a', 'b', 'c', None, 'a'], ['a', 'd', None, None, 'c', 'e', 'e', 'b'])

    kstwo = []
    for n, d in [(1, 0.7), (5, 0.15), (5, 0.3), (10, 0.05), (10, 0.2), (10, 0.6), (50, 0.1), (50, 0.2),
                 (50, 0.3), (100, 0.099), (140, 0.05), (140, 0.1), (140, 0.3), (141, 0.05), (500, 0.03),
                 (500, 0.06), (500, 0.1), (1000, 0.02), (5000, 0.012), (10000, 0.005), (10000, 0.012),
                 (50000, 0.004), (100000, 0.003), (200000, 0.002), (500000, 0.0015), (500000, 0.0025),
                 (1000000, 0.0008), (500, 0.0015), (2000, 0.0004), (5000, 0.03), (300, 0.0016), (300, 0.9), (200, 0.6), (8, 0.95)]:
        kstwo.append({'n': n, 'd': d, 'sf': float(stats.kstwo.sf(d, n))})

    chi2 = []
    for x, df in [(0.0, 1), (0.5, 1), (3.84, 1), (10, 3), (0.1, 10), (25, 10), (100, 50), (300, 200),
                  (1e-8, 2), (1000, 5), (7.5, 7), (55.2, 39), (1.5, 0.5)]:
        chi2.append({'x': x, 'df': df, 'sf': float(stats.chi2.sf(x, df))})

    out = {
        'generatedBy': 'scripts/oracle/metrics.py',
        'versions': {'scipy': scipy.__version__, 'sklearn': sklearn.__version__, 'numpy': np.__version__,
                     'python': sys.version.split()[0]},
        'numerical': numerical,
        'categorical': categorical,
        'classification': classification,
        'regression': regression,
        'quality': quality,
        'kstwo': kstwo,
        'chi2': chi2,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, allow_nan=False)
        f.write('\n')
    print(f'wrote {OUT}: {len(numerical)} numerical, {len(categorical)} categorical, '
          f'{len(classification)} classification, {len(regression)} regression, {len(quality)} quality, '
          f'{len(kstwo)} kstwo, '
          f'{len(chi2)} chi2 cases')


if __name__ == '__main__':
    main()
