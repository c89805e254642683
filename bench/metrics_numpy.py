#!/usr/bin/python3
"""numpy/scipy side of `npm run bench:metrics`: the same data drift (JSD, NWD, PSI, KS for numerical; JSD, PSI,
chi-squared for categorical) and data quality (null, out-of-bounds rates) computations on the raw files written by
bench/metrics.ts. Only the computation is timed (loading the files is not). Prints one JSON line."""
import json
import math
import os
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon


def psi(cb, cp):
    k = len(cb)
    b = (cb + 1) / (cb.sum() + k)
    p = (cp + 1) / (cp.sum() + k)
    return float(np.sum((p - b) * np.log(p / b)))


def numerical(ref_raw, prod_raw):
    ref = ref_raw[~np.isnan(ref_raw)]
    prod = prod_raw[~np.isnan(prod_raw)]
    n = min(len(ref), len(prod))
    k = math.ceil(math.log2(n) + 1)
    lo = min(ref.min(), prod.min())
    hi = max(ref.max(), prod.max())
    edges = lo + np.arange(k + 1) * ((hi - lo) / k)
    cb = np.bincount(np.clip(np.searchsorted(edges, ref, side='right') - 1, 0, k - 1), minlength=k).astype(float)
    cp = np.bincount(np.clip(np.searchsorted(edges, prod, side='right') - 1, 0, k - 1), minlength=k).astype(float)
    out = {
        'JensenShannonDistance': float(jensenshannon(cb / len(ref), cp / len(prod), base=2)),
        'NormalizedWassersteinDistance': float(stats.wasserstein_distance(ref, prod) / max(np.std(ref, ddof=1), 0.001)),
        'PopulationStabilityIndex': psi(cb, cp),
        'TwoSampleKolmogorovSmirnovTest': float(stats.ks_2samp(ref, prod).pvalue),
    }
    # data quality
    rows = len(prod_raw)
    out['NullValueRate'] = float(np.isnan(prod_raw).sum() / rows)
    out['OutOfBoundsRate'] = float(((prod < ref.min()) | (prod > ref.max())).sum() / rows)
    return out


def categorical(ref_codes, prod_codes, k):
    ref = ref_codes[ref_codes >= 0]
    prod = prod_codes[prod_codes >= 0]
    cb = np.bincount(ref, minlength=k).astype(float)
    cp = np.bincount(prod, minlength=k).astype(float)
    keep = (cb + cp) > 0
    cb, cp = cb[keep], cp[keep]
    with np.errstate(divide='ignore', invalid='ignore'):
        chi = stats.chisquare(cp, cb / len(ref) * len(prod)).pvalue
    rows = len(prod_codes)
    return {
        'JensenShannonDistance': float(jensenshannon(cb / len(ref), cp / len(prod), base=2)),
        'PopulationStabilityIndex': psi(cb, cp),
        'PearsonsChiSquaredTest': float(chi),
        'NullValueRate': float((prod_codes < 0).sum() / rows),
        'OutOfBoundsRate': float((~np.isin(prod, np.unique(ref))).sum() / rows),
    }


def main():
    d = sys.argv[1]
    meta = json.load(open(os.path.join(d, 'meta.json')))
    num = [(np.fromfile(os.path.join(d, f'ref_n{i}.f64'), dtype='<f8'),
            np.fromfile(os.path.join(d, f'prod_n{i}.f64'), dtype='<f8')) for i in range(meta['numerical'])]
    cat = [(np.fromfile(os.path.join(d, f'ref_c{i}.i32'), dtype='<i4'),
            np.fromfile(os.path.join(d, f'prod_c{i}.i32'), dtype='<i4')) for i in range(meta['categorical'])]
    t0 = time.perf_counter()
    c0 = time.process_time()
    results = {}
    for i, (r, p) in enumerate(num):
        results[f'n{i}'] = numerical(r, p)
    for i, (r, p) in enumerate(cat):
        results[f'c{i}'] = categorical(r, p, meta['categories'])
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({'seconds': elapsed, 'cpu_seconds': cpu, 'results': results}))


if __name__ == '__main__':
    main()
