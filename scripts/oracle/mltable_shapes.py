"""Oracle for the MLTable readers: row counts, column names and column types of every reference mltable_*
folder that holds a tabular file, read independently with pandas (read_csv / read_json(lines=True)).

pandas dtype → our column type: int64 → int, float64 → float (but a float64 column whose non-null values are all
whole numbers and that has nulls is 'int': pandas has no nullable int by default, our int columns carry a null
mask), bool → bool, object → string; an all-null column is 'string'. Run: /usr/bin/python3 scripts/oracle/mltable_shapes.py
"""
import json
import pathlib
import sys

import pandas as pd

root = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "azureml" / "data"
out = {}
for folder in sorted(root.glob("mltable_*")):
    spec = (folder / "MLTable").read_text()
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".jsonl"))
    if not files:
        continue
    frames = []
    for f in files:
        if f.suffix == ".csv":
            sep = "|" if "delimiter: '|'" in spec else ","
            # keep_default_na=False + na_values=[''] : only empty fields are null (Spark's default, ours too).
            frames.append(pd.read_csv(f, sep=sep, keep_default_na=False, na_values=[""]))
        else:
            frames.append(pd.read_json(f, lines=True, dtype=False))
    df = pd.concat(frames, ignore_index=True)
    types = {}
    for name in df.columns:
        s = df[name]
        kind = str(s.dtype)
        if kind == "int64":
            t = "int"
        elif kind == "float64" and s.isna().all():
            t = "string"  # an all-null column: pandas says float64, we keep a string column of nulls
        elif kind == "float64":
            nn = s.dropna()
            t = "int" if s.isna().any() and len(nn) > 0 and (nn == nn.round()).all() else "float"
        elif kind == "bool":
            t = "bool"
        else:
            t = "string"
        types[str(name)] = t
    nulls = {str(n): int(df[n].isna().sum()) for n in df.columns}
    out[folder.name] = {"rows": int(len(df)), "columns": list(map(str, df.columns)), "types": types, "nulls": nulls}

dest = pathlib.Path(__file__).resolve().parents[2] / "test" / "fixtures" / "data" / "mltable-shapes.json"
dest.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {dest} ({len(out)} folders)", file=sys.stderr)
