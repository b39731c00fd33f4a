# Shared by the scripts in this folder: build the binary, start it on a free
# loopback port over a data dir, stop it. Source it; don't run it.
#
#   CLINICFAQ_BIN   use this binary instead of building one
#   PROFILE         cargo profile to build: release (default) or dev

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${XDG_CACHE_HOME:-$HOME/.cache}/clinicfaq-ci"

step() { printf '\n==> %s\n' "$*"; }

# apt-get as root, or through sudo when we are not root.
apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# Sets BIN to the clinicfaq binary, building it unless CLINICFAQ_BIN is set.
build_bin() {
    if [ -n "${CLINICFAQ_BIN:-}" ]; then
        BIN="$CLINICFAQ_BIN"
        return
    fi
    local profile="${PROFILE:-release}" dir
    dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
    (cd "$ROOT" && cargo build --quiet --profile "$profile" --bin clinicfaq)
    BIN="$ROOT/target/$dir/clinicfaq"
}

# start_server DATA_DIR LOG_FILE [extra flags...]
# Starts the binary on 127.0.0.1:0 over DATA_DIR with the repo's faq/, waits
# until GET /health answers 200, and sets SERVER_PID and SERVER_ADDR
# (host:port). The rate limit is off unless CLINICFAQ_RATE_LIMIT is set.
start_server() {
    local data="$1" log="$2" addr=""
    shift 2
    CLINICFAQ_RATE_LIMIT="${CLINICFAQ_RATE_LIMIT:-off}" \
        "$BIN" --bind 127.0.0.1:0 --data "$data" --content "$ROOT/faq" \
        --log "${CLINICFAQ_LOG:-warn,clinicfaq=info}" --log-format text "$@" \
        </dev/null >/dev/null 2>"$log" &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "clinicfaq exited during startup:" >&2
            cat "$log" >&2
            return 1
        fi
        addr=$(grep -o 'addr=[0-9.:]*' "$log" | head -n 1 | cut -d= -f2 || true)
        if [ -n "$addr" ] && "$BIN" healthcheck --bind "$addr" >/dev/null 2>&1; then
            SERVER_ADDR="$addr"
            return 0
        fi
        sleep 0.05
    done
    echo "clinicfaq did not answer within 30 s:" >&2
    cat "$log" >&2
    return 1
}

# Stops the server gracefully (SIGTERM drains and flushes); waits for the exit.
stop_server() {
    if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

# wrk_result LABEL WRK_OUTPUT: reads the RESULT line that scripts/load/result.lua
# prints into REQUESTS, RPS, P50_MS and P99_MS. Exits 1 on any non-2xx answer
# or socket error: a benchmark of failures measures nothing.
wrk_result() {
    local line requests duration p50 p99 non2xx errors
    line=$(grep '^RESULT' <<<"$2")
    read -r _ requests duration p50 p99 non2xx errors <<<"$line"
    if [ "$non2xx" -ne 0 ] || [ "$errors" -ne 0 ]; then
        echo "$1: $non2xx non-2xx responses, $errors socket errors" >&2
        exit 1
    fi
    REQUESTS="$requests"
    read -r RPS P50_MS P99_MS < <(awk -v r="$requests" -v d="$duration" -v a="$p50" -v b="$p99" \
        'BEGIN { printf "%.0f %.3f %.3f\n", r / (d / 1e6), a / 1e3, b / 1e3 }')
}
