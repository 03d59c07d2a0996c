#!/usr/bin/env bash
# End-to-end scale benchmark (issue 7): for each size, one run that generates a corpus with
# fiducia-gen (cached), then measures on that same corpus, back to back:
#   the limit      bench/limit: a bare simdjson pass over the file, and that pass plus a bare
#                  Hyperscan scan of every text with fiducia's cue database (one core)
#   timing         fiducia audit --rules timing --threads $THREADS        (no JSON written)
#   all            fiducia audit --threads $THREADS --json (every rule), then the recall of the
#                  planted defects per rule (fiducia-gen recall)
#   peer           bench/pandas_first_reply.py (Debian's python3-pandas) against bench/first_reply
#                  (fiducia's own first-reply figures): the figures must be identical
# and prints throughput (messages/s, MB/s), the ratios to the limit, peak memory per message, time
# per message across sizes, and the speed ratio to pandas. Results also go to $WORK/results.tsv.
#
#   bench/e2e.sh [MESSAGES...]          # default: 1000000; e.g. bench/e2e.sh 1000000 10000000
# Environment: BIN (build/rel/bin), WORK (build/e2e), SEED (7), THREADS (2), PEER (1: run pandas),
# PEER_MAX (2000000: the pandas peer only up to this size; it holds the whole file in Python objects).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/build/rel/bin}
WORK=${WORK:-$ROOT/build/e2e}
SEED=${SEED:-7}
THREADS=${THREADS:-2}
PEER=${PEER:-1}
PEER_MAX=${PEER_MAX:-2000000}
PY=/usr/bin/python3   # Debian's, with python3-pandas
sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(1000000)
mkdir -p "$WORK"
for tool in fiducia fiducia-gen limit first_reply; do
  [[ -x "$BIN/$tool" ]] || { echo "e2e: $BIN/$tool missing: build first (cmake --build build/rel)" >&2; exit 2; }
done

# measure NAME CMD...: runs CMD, stdout to $WORK/NAME.out; sets SECONDS_TAKEN (wall), PEAK_KB and
# CPU_S (user + system: less sensitive than wall time to other work on the machine).
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || {
    echo "e2e: $name failed:" >&2; tail -5 "$WORK/$name.err" >&2; exit 1; }
  local user sys
  read -r SECONDS_TAKEN PEAK_KB user sys < <(tail -1 "$WORK/$name.time")
  CPU_S=$(calc "$user + $sys")
}
calc() { awk "BEGIN { printf \"%s\", $1 }"; }

results="$WORK/results.tsv"
echo -e "messages\tmb\tgen_s\tsimdjson_s\tlimit_s\ttiming_s\tall_s\ttiming_peak_kb\tall_peak_kb\tfirst_reply_s\tpandas_s\tequal\tall_cpu_s" > "$results"
for n in "${sizes[@]}"; do
  corpus="$WORK/corpus-$n-$SEED.jsonl" labels="$WORK/labels-$n-$SEED.jsonl"
  summary="$WORK/summary-$n-$SEED.json"
  gen_s=cached
  if [[ ! -s "$summary" ]]; then
    measure gen "$BIN/fiducia-gen" --messages "$n" --seed "$SEED" -o "$corpus" --labels "$labels"
    cp "$WORK/gen.out" "$summary"
    gen_s=$SECONDS_TAKEN
  fi
  as_of=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["as_of"])' "$summary")
  messages=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["messages"])' "$summary")
  mb=$(calc "$(stat -c %s "$corpus") / 1e6")
  echo "== $messages messages, $mb MB ($corpus), as of $as_of" >&2

  measure limit "$BIN/limit" "$corpus"
  simdjson_s=$(sed -n 's/^simdjson_s=//p' "$WORK/limit.out")
  limit_s=$(sed -n 's/^simdjson_hyperscan_s=//p' "$WORK/limit.out")
  measure timing "$BIN/fiducia" audit "$corpus" --rules timing --threads "$THREADS" --as-of "$as_of" --quiet
  timing_s=$SECONDS_TAKEN timing_kb=$PEAK_KB
  measure all "$BIN/fiducia" audit "$corpus" --threads "$THREADS" --as-of "$as_of" --quiet --json "$WORK/audit-$n.json"
  all_s=$SECONDS_TAKEN all_kb=$PEAK_KB all_cpu_s=$CPU_S
  "$BIN/fiducia-gen" recall --labels "$labels" --audit "$WORK/audit-$n.json" > "$WORK/recall-$n.txt"
  echo "-- recall of the planted defects ($messages messages)" >&2
  cat "$WORK/recall-$n.txt" >&2

  first_reply_s=- pandas_s=- equal=-
  if [[ $PEER == 1 && $n -le $PEER_MAX ]]; then
    measure first_reply "$BIN/first_reply" "$corpus" --as-of "$as_of" --threads "$THREADS"
    first_reply_s=$SECONDS_TAKEN
    cp "$WORK/first_reply.out" "$WORK/first_reply-$n.txt"
    measure pandas $PY "$ROOT/bench/pandas_first_reply.py" "$corpus" --as-of "$as_of"
    pandas_s=$SECONDS_TAKEN
    cp "$WORK/pandas.out" "$WORK/pandas-$n.txt"
    if cmp -s "$WORK/first_reply-$n.txt" "$WORK/pandas-$n.txt"; then equal=yes; else equal=NO; fi
    echo "-- first reply per channel (channel answered unanswered median_s sum_s): fiducia / pandas" >&2
    paste -d'|' "$WORK/first_reply-$n.txt" "$WORK/pandas-$n.txt" >&2
  fi
  echo -e "$messages\t$mb\t$gen_s\t$simdjson_s\t$limit_s\t$timing_s\t$all_s\t$timing_kb\t$all_kb\t$first_reply_s\t$pandas_s\t$equal\t$all_cpu_s" >> "$results"
done

$PY - "$results" "$THREADS" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
threads = sys.argv[2]
def f(x): return float(x)
print(f"\nfiducia at scale ({threads} threads; limit = bare passes on one core, same run)\n")
print("| messages | MB | simdjson msg/s | simdjson+hs msg/s | timing msg/s (MB/s) | timing / simdjson "
      "| all msg/s (MB/s) | all / (simdjson+hs) | peak B/msg timing | peak B/msg all+JSON "
      "| us/msg all | first reply: fiducia s, pandas s, speed-up, equal |")
print("|" + "---|" * 12)
for r in rows:
    n, mb = f(r["messages"]), f(r["mb"])
    sj, lim, ti, al = f(r["simdjson_s"]), f(r["limit_s"]), f(r["timing_s"]), f(r["all_s"])
    peer = "-"
    if r["pandas_s"] != "-":
        fr, pd = f(r["first_reply_s"]), f(r["pandas_s"])
        peer = f"{fr:.2f}, {pd:.2f}, {pd / fr:.1f}x, {r['equal']}"
    print(f"| {int(n):,} | {mb:.0f} | {n / sj:,.0f} | {n / lim:,.0f} | {n / ti:,.0f} ({mb / ti:.1f}) "
          f"| {sj / ti:.1%} | {n / al:,.0f} ({mb / al:.1f}) | {lim / al:.1%} "
          f"| {1024 * f(r['timing_peak_kb']) / n:.0f} | {1024 * f(r['all_peak_kb']) / n:.0f} "
          f"| {1e6 * al / n:.1f} | {peer} |")
if len(rows) > 1:
    per = [f(r["all_s"]) / f(r["messages"]) for r in rows]
    cpu = [f(r["all_cpu_s"]) / f(r["messages"]) for r in rows]
    print(f"\ntime per message (every rule), largest / smallest size: wall {per[-1] / per[0]:.2f}, "
          f"CPU {cpu[-1] / cpu[0]:.2f} (target 0.8-1.2); CPU us/msg: "
          + ", ".join(f"{1e6 * c:.1f}" for c in cpu))
PYEOF
