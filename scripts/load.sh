#!/usr/bin/env bash
# Load benchmark on loopback: the release build, rate limit off, wrk at 50
# connections against GET /health (the framework ceiling: routing, JSON, one
# sled read) and POST /v1/ask (a rotating mix of real patient questions:
# answers, typos, no-match, one crisis). Runs each RUNS times, interleaved,
# and prints the medians and the ask/health throughput ratio.
#
#   scripts/load.sh                      defaults: RUNS=3 DURATION=10s CONNECTIONS=50 THREADS=2
#   RUNS=5 DURATION=20s scripts/load.sh
#
# Targets: ask >= 0.5x health throughput, ask p99 < 10 ms. Exits 1 if missed.
# Writes (feedback votes, staff draft saves) are in scripts/load_writes.sh.
set -euo pipefail
source "$(dirname "$0")/common.sh"

RUNS="${RUNS:-3}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
THREADS="${THREADS:-2}"

command -v wrk >/dev/null 2>&1 || apt_install wrk

step "build (release) and start"
build_bin
WORK="$(mktemp -d)"
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
CLINICFAQ_RATE_LIMIT=off start_server "$WORK/db" "$WORK/server.log"
echo "serving on $SERVER_ADDR ($(nproc) CPUs, $(rustc --version 2>/dev/null || echo 'rustc ?'))"

# run TARGET -> appends "rps p50_ms p99_ms" to $WORK/TARGET
run() {
    local target="$1" out
    out=$(LOAD_TARGET="$target" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" \
        -s "$ROOT/scripts/load/wrk.lua" "http://$SERVER_ADDR")
    wrk_result "$target" "$out"
    printf '%-6s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms\n' "$target" "$RPS" "$P50_MS" "$P99_MS" |
        tee -a "$WORK/runs.txt"
    echo "$RPS $P50_MS $P99_MS" >>"$WORK/$target"
}

step "warm up"
DURATION=3s run health >/dev/null
DURATION=3s run ask >/dev/null
rm -f "$WORK/health" "$WORK/ask" "$WORK/runs.txt"

step "$RUNS runs of $DURATION each, $CONNECTIONS connections, $THREADS wrk threads"
for _ in $(seq 1 "$RUNS"); do
    run health
    run ask
done

# median COLUMN FILE
median() { cut -d' ' -f"$1" "$2" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

step "medians"
for target in health ask; do
    printf '%-6s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms\n' "$target" \
        "$(median 1 "$WORK/$target")" "$(median 2 "$WORK/$target")" "$(median 3 "$WORK/$target")"
done
ratio=$(awk -v a="$(median 1 "$WORK/ask")" -v h="$(median 1 "$WORK/health")" 'BEGIN { printf "%.2f", a / h }')
ask_p99=$(median 3 "$WORK/ask")
echo "ask/health throughput ratio: $ratio (target >= 0.5)"
echo "ask p99: $ask_p99 ms (target < 10)"
awk -v r="$ratio" -v p="$ask_p99" 'BEGIN { exit !(r >= 0.5 && p < 10) }' || {
    echo "target missed" >&2
    exit 1
}
