#!/usr/bin/env bash
# Times `vanban`'s engine against docxtpl 0.20.2 on the same template and data, in
# the same run: a table-row loop of 20,000 and 100,000 rows. Also prints the floor
# (deflating the rendered document.xml alone with the engine's zip settings) and
# the machine's load once. Creates a Python virtual environment under target/ for
# docxtpl. Run from anywhere: bash scripts/bench-render.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work=target/bench-render
mkdir -p "$work"

echo "== load: $(uptime | sed 's/.*load average/load average/'), $(nproc) cores"
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
for n in (20000, 100000):
    data = json.load(open(f"{work}/data-{n}.json", encoding="utf-8"))
    best = None
    for _ in range(1):
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
    return {int(r[0]): [float(x) for x in r[1:]] for r in rows}
v, d = table("vanban.tsv"), table("docxtpl.tsv")
for n in sorted(v):
    ms, floor = v[n][0], v[n][2]
    line = f"{n} rows: vanban {ms:.0f} ms, deflate floor {floor:.0f} ms ({ms / floor:.2f}x the floor)"
    if n in d:
        line += f", docxtpl {d[n][0]:.0f} ms: {d[n][0] / ms:.1f}x faster"
    print(line)
    if len(v[n]) >= 11:
        one, lenient = v[n][7], v[n][9]
        print(f"  on one thread {one:.0f} ms ({one / floor:.2f}x the floor); --lenient {lenient:.0f} ms ({lenient / floor:.2f}x)")
print("targets (issue 17): >= 40x docxtpl at 20,000 rows; <= 2.5x the floor at 100,000 rows")
PY
