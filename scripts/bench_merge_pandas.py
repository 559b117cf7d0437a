"""Read the figure cells of every returned form with pandas: the baseline the
`vanban merge` benchmark compares with. For each file it reads the form sheet's
indicator rows, the value column only (`usecols`, `skiprows`, `nrows`), and the
unit code on the hidden identity sheet, then concatenates the figures into one
table: the least a tổng hợp needs, with none of vanban's checks.

Usage: bench_merge_pandas.py ENGINE DIR FIRST_ROW ROWS VALUE_COLUMN
(FIRST_ROW zero-based, as `skiprows`; VALUE_COLUMN a letter, as `usecols`)."""
import pathlib
import sys
import time

import pandas as pd

engine, folder = sys.argv[1], pathlib.Path(sys.argv[2])
first_row, rows, column = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
start = time.perf_counter()
frames = []
cells = 0
for path in sorted(folder.glob("*.xlsx")):
    with pd.ExcelFile(path, engine=engine) as book:
        figures = pd.read_excel(
            book, "Biểu mẫu", header=None, usecols=column, skiprows=first_row, nrows=rows
        ).iloc[:, 0]
        unit = pd.read_excel(
            book, "_vanban", header=None, usecols="B", skiprows=2, nrows=1
        ).iat[0, 0]
    frames.append(pd.DataFrame({"unit": unit, "row": range(len(figures)), "value": figures}))
    cells += len(figures) + 1
merged = pd.concat(frames, ignore_index=True)
elapsed = time.perf_counter() - start
print(f"{engine}: {len(frames)} files, {cells} cells, {len(merged)} rows in {elapsed:.3f} s")
