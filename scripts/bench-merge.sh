#!/usr/bin/env bash
# Benchmark: `vanban merge` on 2,000 filled forms end to end (read, check, aggregate,
# write tong-hop.xlsx and tong-hop.json) against pandas reading and concatenating the
# same files (openpyxl engine and calamine engine), with wall time and peak memory.
# Run from the repository root: `bash scripts/bench-merge.sh [N]`.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000}"
WORK="$(mktemp -d /tmp/vanban-bench-merge.XXXXXX)"
VENV="${VANBAN_BENCH_VENV:-/tmp/vanban-bench-venv}"
trap 'rm -rf "$WORK"' EXIT

echo "== building (release)"
cargo build --release --quiet
cargo bench --bench merge --quiet -- generate "$WORK/camp" "$N" >/dev/null

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating the Python virtual environment in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pandas openpyxl python-calamine
fi

# Runs a command 3 times; prints the best wall time and the largest peak RSS (MB).
measure() {
  local best="" peak=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null
    read -r secs kb <"$WORK/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best="$secs"; fi
    if [ "$kb" -gt "$peak" ]; then peak="$kb"; fi
  done
  echo "$best $((peak / 1024))"
}

echo "== $N forms"
read -r v_s v_mb < <(measure target/release/vanban merge "$WORK/camp" -o "$WORK/out/tong-hop.xlsx")
read -r o_s o_mb < <(measure "$VENV/bin/python" scripts/bench_merge_pandas.py openpyxl "$WORK/camp/returns")
read -r c_s c_mb < <(measure "$VENV/bin/python" scripts/bench_merge_pandas.py calamine "$WORK/camp/returns")
printf '%-34s %8s s %6s MB\n' "vanban merge (end to end)" "$v_s" "$v_mb"
printf '%-34s %8s s %6s MB\n' "pandas + openpyxl (read+concat)" "$o_s" "$o_mb"
printf '%-34s %8s s %6s MB\n' "pandas + calamine (read+concat)" "$c_s" "$c_mb"
awk -v v="$v_s" -v o="$o_s" -v c="$c_s" 'BEGIN{
  printf "vanban is %.1fx faster than pandas+openpyxl (target 20x)\n", o/v;
  printf "vanban is %.1fx faster than pandas+calamine (target 3x)\n", c/v }'
echo "peak memory of vanban merge: ${v_mb} MB (target < 200 MB)"
