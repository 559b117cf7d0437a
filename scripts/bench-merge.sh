#!/usr/bin/env bash
# Benchmark: `vanban merge` end to end (read, check, aggregate, write tong-hop.xlsx
# and tong-hop.json) at 2,000 and 20,000 filled forms, in the same run as
#   - pandas + python-calamine reading the same cells of every form (the figure
#     cells and the unit code: scripts/bench_merge_pandas.py), and
#   - the floor: a minimal calamine reader in Rust reading those cells, on one
#     thread and on two (`cargo bench --bench merge -- floor`).
# Prints wall time, time per form, peak memory (RSS), the ratios the merge is
# held to (issue 17) and the machine's load once.
# Run from the repository root: `bash scripts/bench-merge.sh [N...]` (default 2000 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-2000}")
if [ "$#" -eq 0 ]; then SIZES=(2000 20000); fi
WORK="$(mktemp -d /tmp/vanban-bench-merge.XXXXXX)"
VENV="${VANBAN_BENCH_VENV:-/tmp/vanban-bench-venv}"
trap 'rm -rf "$WORK"' EXIT

echo "== building (release)"
cargo build --release --quiet --bin vanban
cargo bench --bench merge --quiet --no-run 2>/dev/null
bench() { cargo bench --bench merge --quiet -- "$@"; }

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating the Python virtual environment in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pandas python-calamine
fi
echo "== load: $(uptime | sed 's/.*load average/load average/'), $(nproc) cores"
echo "== pandas $("$VENV/bin/python" -c 'import pandas, importlib.metadata as m; print(pandas.__version__, "+ python-calamine", m.version("python-calamine"))')"

# Runs a command RUNS times; prints the best wall time and the largest peak RSS (MB).
measure() {
  local runs="$1" best="" peak=0
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >"$WORK/out.txt"
    read -r secs kb <"$WORK/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best="$secs"; fi
    if [ "$kb" -gt "$peak" ]; then peak="$kb"; fi
  done
  echo "$best $((peak / 1024))"
}
# The best "ms per form" a floor run printed, over RUNS runs.
floor_ms() {
  local runs="$1" threads="$2" dir="$3" best=""
  for _ in $(seq "$runs"); do
    ms=$(bench floor "$dir" "$threads" | sed -n 's/.*(\([0-9.]*\) ms per form).*/\1/p')
    if [ -z "$best" ] || awk "BEGIN{exit !($ms < $best)}"; then best="$ms"; fi
  done
  echo "$best"
}

printf '\n%7s | %-22s | %-22s | %7s | %-17s | %s\n' forms "vanban s (ms/form) MB" "pandas s (ms/form) MB" "ratio" "floor 1/2 thr ms" "vanban / 2-thread floor"
for N in "${SIZES[@]}"; do
  runs=3
  if [ "$N" -ge 10000 ]; then runs=2; fi
  bench generate "$WORK/camp-$N" "$N" >/dev/null
  read -r v_s v_mb < <(measure "$runs" target/release/vanban merge "$WORK/camp-$N" -o "$WORK/out-$N/tong-hop.xlsx")
  read -r p_s p_mb < <(measure "$runs" "$VENV/bin/python" scripts/bench_merge_pandas.py calamine "$WORK/camp-$N/returns" 9 12 D)
  f1=$(floor_ms "$runs" 1 "$WORK/camp-$N")
  f2=$(floor_ms "$runs" 2 "$WORK/camp-$N")
  awk -v n="$N" -v v="$v_s" -v vm="$v_mb" -v p="$p_s" -v pm="$p_mb" -v f1="$f1" -v f2="$f2" 'BEGIN{
    vf = v * 1000 / n; pf = p * 1000 / n;
    printf "%7d | %6.2f (%5.3f) %5d | %6.2f (%5.3f) %5d | %6.1fx | %7.3f / %7.3f | %.2fx\n",
      n, v, vf, vm, p, pf, pm, p / v, f1, f2, vf / f2 }'
  rm -rf "$WORK/camp-$N" "$WORK/out-$N"
done
echo
echo "targets (issue 17): ratio >= 3x at both sizes; vanban / 2-thread floor <= 2x at 20,000;"
echo "peak memory <= 64 MB at 2,000 and <= 128 MB at 20,000; ms/form about the same at both sizes."
