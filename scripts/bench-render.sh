#!/usr/bin/env bash
# Times `vanban`'s engine against docxtpl 0.20.2 on the same template and data: a
# table-row loop of 1,000, 5,000 and 20,000 rows. Creates a Python virtual
# environment under target/ for docxtpl. Run from anywhere: bash scripts/bench-render.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work=target/bench-render
mkdir -p "$work"

echo "== vanban (cargo bench --bench render, release)"
cargo bench --quiet --bench render -- --write-inputs "$work" | tee "$work/vanban.tsv"

venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  echo "== creating $venv with docxtpl==0.20.2"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "docxtpl==0.20.2"
fi

echo "== docxtpl 0.20.2"
"$venv/bin/python" - "$work" <<'PY' | tee "$work/docxtpl.tsv"
import json, sys, time, resource
from docxtpl import DocxTemplate
work = sys.argv[1]
print("rows\tbest_ms")
for n in (1000, 5000, 20000):
    data = json.load(open(f"{work}/data-{n}.json", encoding="utf-8"))
    best = None
    for _ in range(1 if n >= 20000 else 2):
        start = time.perf_counter()
        doc = DocxTemplate(f"{work}/template.docx")
        doc.render(data)
        doc.save(f"{work}/docxtpl-{n}.docx")
        took = (time.perf_counter() - start) * 1000
        best = took if best is None else min(best, took)
    print(f"{n}\t{best:.1f}", flush=True)
PY

echo "== ratio (docxtpl time / vanban time)"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
def table(name):
    rows = [l.split("\t") for l in open(f"{work}/{name}").read().splitlines()[1:] if l.strip()]
    return {int(r[0]): float(r[1]) for r in rows}
v, d = table("vanban.tsv"), table("docxtpl.tsv")
for n in sorted(v):
    if n in d:
        print(f"{n} rows: vanban {v[n]:.0f} ms, docxtpl {d[n]:.0f} ms, {d[n] / v[n]:.1f}x faster")
PY
