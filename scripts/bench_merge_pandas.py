"""Read every returned form with pandas and concatenate them: the baseline the
`vanban merge` benchmark compares with. Usage: bench_merge_pandas.py ENGINE DIR"""
import pathlib
import sys
import time

import pandas as pd

engine, folder = sys.argv[1], pathlib.Path(sys.argv[2])
start = time.perf_counter()
frames = []
for path in sorted(folder.glob("*.xlsx")):
    df = pd.read_excel(path, sheet_name="Biểu mẫu", header=None, engine=engine)
    df["file"] = path.name
    frames.append(df)
merged = pd.concat(frames, ignore_index=True)
elapsed = time.perf_counter() - start
print(f"{engine}: {len(frames)} files, {len(merged)} rows in {elapsed:.3f} s")
