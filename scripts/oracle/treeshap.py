#!/usr/bin/python3
"""Oracle fixtures for src/core/attribution (run with Debian's /usr/bin/python3: numpy, xgboost, sklearn).

Writes test/fixtures/treeshap-oracle.json with three parts:
  * "shap": small xgboost models (regression, binary, multiclass; inputs with missing values) as
    get_dump(dump_format='json', with_stats=True) trees, their inputs, predict(output_margin=True) and
    predict(pred_contribs=True) (xgboost's exact path-dependent TreeSHAP with cover = hessian sums);
  * "ranking": data sets with a target, and the global importance xgboost + TreeSHAP gives them
    (mean |SHAP| over rows; multiclass: mean over classes), to compare our surrogate's ranking against;
  * "ndcg": sklearn.metrics.ndcg_score(y_true=[a], y_score=[b]) on ties, zeros, all-equal and random vectors.

Usage: /usr/bin/python3 scripts/oracle/treeshap.py
"""
import json
import os

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.metrics import ndcg_score

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "treeshap-oracle.json")


def f32(a):
    # Inputs exactly representable in float32, so xgboost's float32 comparisons equal ours in float64.
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def to_list(a):
    return [None if (isinstance(v, float) and np.isnan(v)) else float(v) for v in a]


def flatten_tree(node, out):
    """Depth-first list of nodes with xgboost's ids; children referenced by id."""
    entry = {"nodeid": node["nodeid"], "cover": node["cover"]}
    if "leaf" in node:
        entry["leaf"] = node["leaf"]
    else:
        entry.update(
            split=int(node["split"][1:]) if isinstance(node["split"], str) else int(node["split"]),
            split_condition=node["split_condition"],
            yes=node["yes"],
            no=node["no"],
            missing=node["missing"],
        )
    out.append(entry)
    for child in node.get("children", []):
        flatten_tree(child, out)
    return out


def shap_case(name, objective, x, y, num_class=None, rounds=8, depth=4):
    names = [f"f{i}" for i in range(x.shape[1])]
    d = xgb.DMatrix(x, label=y, missing=np.nan, feature_names=names)
    params = {
        "objective": objective,
        "max_depth": depth,
        "eta": 0.3,
        "seed": 7,
        "tree_method": "exact",
        "base_score": 0.5,
        "min_child_weight": 0.5,
    }
    if num_class:
        params["num_class"] = num_class
    bst = xgb.train(params, d, num_boost_round=rounds)
    # Feature names "f0".. keep the dump's split names parseable as indices.
    dump = [json.loads(t) for t in bst.get_dump(dump_format="json", with_stats=True)]
    trees = [flatten_tree(t, []) for t in dump]
    k = num_class or 1
    margin = bst.predict(d, output_margin=True).reshape(len(x), k)
    contribs = bst.predict(d, pred_contribs=True).reshape(len(x), k, x.shape[1] + 1)
    leaves = bst.predict(d, pred_leaf=True).reshape(len(x), len(trees))
    # Base margin = margin minus the sum of the leaves reached (per output), identical on every row.
    leaf_value = [{n["nodeid"]: n.get("leaf", 0.0) for n in t} for t in trees]
    base = []
    for o in range(k):
        s = sum(leaf_value[t][int(leaves[0, t])] for t in range(len(trees)) if t % k == o)
        base.append(float(margin[0, o]) - s)
    return {
        "name": name,
        "numFeatures": x.shape[1],
        "numOutputs": k,
        "baseMargin": base,
        "trees": trees,
        "x": [to_list(r) for r in x],
        "margin": margin.astype(np.float64).tolist(),
        "contribs": contribs.astype(np.float64).tolist(),
    }


def with_missing(rng, x, rate):
    x = x.copy()
    x[rng.random(x.shape) < rate] = np.nan
    return x


def shap_cases():
    rng = np.random.default_rng(20260601)
    n, f = 300, 6
    x = f32(np.round(rng.normal(size=(n, f)), 2))
    y_reg = 3 * x[:, 0] - 2 * x[:, 1] ** 2 + x[:, 2] * x[:, 3] + rng.normal(scale=0.3, size=n)
    xm = with_missing(rng, x, 0.15)
    y_bin = (x[:, 0] + 0.5 * x[:, 4] - x[:, 2] + rng.normal(scale=0.5, size=n) > 0).astype(float)
    y_mc = np.digitize(x[:, 1] + 0.7 * x[:, 5] + rng.normal(scale=0.3, size=n), [-0.5, 0.5]).astype(float)
    return [
        shap_case("regression", "reg:squarederror", x, y_reg),
        shap_case("regression-missing", "reg:squarederror", xm, y_reg, rounds=10, depth=5),
        shap_case("binary-missing", "binary:logistic", xm, y_bin),
        shap_case("multiclass-missing", "multi:softprob", xm, y_mc, num_class=3, rounds=6),
    ]


def importance(objective, x, y, num_class=None):
    """xgboost with LightGBM-like settings, global importance = mean |SHAP| (mean over classes)."""
    d = xgb.DMatrix(x, label=y, missing=np.nan)
    params = {"objective": objective, "max_depth": 5, "eta": 0.1, "seed": 777, "tree_method": "hist"}
    if num_class:
        params["num_class"] = num_class
    bst = xgb.train(params, d, num_boost_round=100)
    k = num_class or 1
    c = bst.predict(d, pred_contribs=True).reshape(len(x), k, x.shape[1] + 1)[:, :, :-1]
    return np.abs(c).mean(axis=0).mean(axis=0).tolist()


def ranking_cases():
    rng = np.random.default_rng(777)
    n = 3000
    num = {f"n{i}": np.round(rng.normal(size=n), 3) for i in range(6)}
    colors = np.array(["red", "green", "blue", "black"])
    cat = rng.integers(0, 4, size=n)
    cat_effect = np.array([0.0, 1.5, -1.0, 0.5])[cat]
    # Nulls in two columns; the signal of n0 survives them.
    num["n0"] = np.where(rng.random(n) < 0.1, np.nan, num["n0"])
    num["n5"] = np.where(rng.random(n) < 0.3, np.nan, num["n5"])
    n0 = np.nan_to_num(num["n0"])
    score = 2.5 * n0 + 1.5 * num["n1"] - 1.0 * num["n2"] ** 2 + 0.5 * num["n3"] + cat_effect
    score += 0.1 * num["n4"]
    y_reg = score + rng.normal(scale=0.5, size=n)
    y_bin = (score + rng.normal(scale=0.5, size=n) > np.median(score)).astype(float)
    y_mc = np.digitize(score + rng.normal(scale=0.5, size=n), np.quantile(score, [1 / 3, 2 / 3])).astype(float)
    # xgboost sees the categorical column as its code in sorted-name order, as our surrogate encodes it.
    order = {c: i for i, c in enumerate(sorted(colors))}
    codes = np.array([order[c] for c in colors[cat]], dtype=float)
    names = list(num) + ["color"]
    x = np.column_stack([num[k] for k in num] + [codes])
    columns = {k: to_list(v) for k, v in num.items()}
    columns["color"] = [str(c) for c in colors[cat]]
    labels = np.array(["low", "mid", "high"])
    return {
        "features": names,
        "columns": columns,
        "cases": [
            {
                "name": "regression",
                "target": to_list(y_reg),
                "importance": importance("reg:squarederror", x, y_reg),
            },
            {
                "name": "binary",
                "target": [bool(v) for v in y_bin],
                "importance": importance("binary:logistic", x, y_bin),
            },
            {
                "name": "multiclass",
                "target": [str(labels[int(v)]) for v in y_mc],
                "importance": importance("multi:softprob", x, y_mc, num_class=3),
            },
        ],
    }


def ndcg_cases():
    rng = np.random.default_rng(3)
    pairs = [
        ("distinct", [0.5, 0.3, 0.2, 0.1, 0.05], [0.4, 0.35, 0.1, 0.2, 0.01]),
        ("identical", [0.5, 0.3, 0.2], [0.5, 0.3, 0.2]),
        ("reversed", [0.5, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.5]),
        ("score-ties", [0.5, 0.3, 0.2, 0.1, 0.05], [0.3, 0.3, 0.1, 0.3, 0.0]),
        ("score-all-equal", [0.5, 0.3, 0.2, 0.1], [0.2, 0.2, 0.2, 0.2]),
        ("true-all-equal", [0.2, 0.2, 0.2], [0.9, 0.1, 0.5]),
        ("true-all-zero", [0.0, 0.0, 0.0], [0.9, 0.1, 0.5]),
        ("zeros-in-both", [0.0, 0.4, 0.0, 0.6], [0.0, 0.0, 0.3, 0.7]),
        ("score-all-zero", [0.1, 0.4, 0.2], [0.0, 0.0, 0.0]),
        ("true-ties", [0.3, 0.3, 0.1, 0.1], [0.1, 0.4, 0.2, 0.3]),
        ("two", [0.7, 0.2], [0.1, 0.9]),
    ]
    for i in range(6):
        m = int(rng.integers(3, 30))
        a = np.round(rng.random(m), int(rng.integers(1, 4)))
        b = np.round(rng.random(m), int(rng.integers(1, 3)))
        pairs.append((f"random-{i}", a.tolist(), b.tolist()))
    return [
        {"name": name, "y_true": a, "y_score": b, "ndcg": float(ndcg_score([a], [b]))} for name, a, b in pairs
    ]


def main():
    out = {
        "generator": "scripts/oracle/treeshap.py",
        "versions": {"xgboost": xgb.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__},
        "shap": shap_cases(),
        "ranking": ranking_cases(),
        "ndcg": ndcg_cases(),
    }
    with open(OUT, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print(f"wrote {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
