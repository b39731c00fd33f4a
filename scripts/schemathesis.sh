#!/usr/bin/env bash
# Contract fuzzing: schemathesis against the server's own /openapi.json, every
# operation, every check, public and staff routes. Fails on any server error,
# schema violation or undocumented status code.
#
#   scripts/schemathesis.sh [MAX_TIME_SECONDS]     (default 120, split across roles)
#   SCHEMATHESIS_ROLES="clinician admin editor" scripts/schemathesis.sh 300
#
# Staff routes need a bearer token, and what a token may do depends on its
# role, so there is one run per role in SCHEMATHESIS_ROLES (default
# "clinician admin": clinicians run the FAQ workflow, admins the tokens,
# providers, clinic and audit log). Each run gets a fresh data dir and a
# token made for it with `clinicfaq token create`; every request carries it.
# Installs schemathesis from PyPI into a venv under ~/.cache/clinicfaq-ci.
# Builds the debug binary by default (PROFILE=release for a release build).
set -euo pipefail
source "$(dirname "$0")/common.sh"

MAX_TIME="${1:-120}"
ROLES=(${SCHEMATHESIS_ROLES:-clinician admin})
SCHEMATHESIS_VERSION=4.32.5
PROFILE="${PROFILE:-dev}"

# CPython before 3.11.8 / 3.12.1 can raise a spurious "AST constructor
# recursion depth mismatch" in threaded programs (python/cpython#106905).
# Hypothesis hits it while describing a strategy, and schemathesis then reports
# a Runtime Error for that operation: the fuzzer's interpreter failing, not the
# server. So the venv is made with the newest interpreter on the machine that
# has the fix, and only falls back to plain python3 (see the retry below).
pick_python() {
    local candidates=(python3.13 python3.12 python3)
    local dir
    for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin; do
        [ -x "$dir/python3" ] && candidates+=("$dir/python3")
    done
    local py
    for py in "${candidates[@]}"; do
        command -v "$py" >/dev/null 2>&1 || continue
        # A pyenv shim for a version pyenv does not have exits non-zero here.
        if "$py" -c 'import sys, venv, ensurepip
v = sys.version_info
sys.exit(0 if v >= (3, 12, 1) or (3, 11, 8) <= v < (3, 12) else 1)' 2>/dev/null; then
            echo "$py"
            return
        fi
    done
    echo python3
}
PYTHON="$(pick_python)"
PY_VERSION="$("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo none)"

step "schemathesis $SCHEMATHESIS_VERSION on Python $PY_VERSION ($PYTHON)"
VENV="$TOOLS/schemathesis-venv"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION" ||
    [ "$("$VENV/bin/python" -c 'import platform; print(platform.python_version())' 2>/dev/null)" != "$PY_VERSION" ]; then
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        apt_install python3 python3-venv
        PYTHON=python3
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

build_bin
WORK="$(mktemp -d)"
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT

per_role=$((MAX_TIME / ${#ROLES[@]}))
[ "$per_role" -ge 1 ] || per_role=1
for role in "${ROLES[@]}"; do
    step "$role: start clinicfaq (rate limit off) and run schemathesis for $per_role s"
    data="$WORK/$role/db"
    # The token is made while the server is stopped, as an operator would.
    token=$("$BIN" --data "$data" --content "$ROOT/faq" --log warn \
        token create --name "schemathesis-$role" --role "$role" --display-name "Schemathesis ($role)" --days 1 | tail -n 1)
    start_server "$data" "$WORK/$role.log"
    echo "serving on $SERVER_ADDR"
    # Every check runs (schemathesis.toml: `[checks] enabled = true`; not
    # `--checks all`, which would override the per-operation exceptions).
    # --generation-database none: every run starts fresh, so CI never replays a
    # cached example from someone's laptop. Run in the temp dir, where
    # schemathesis leaves its .schemathesis/ cache.
    fuzz() {
        (cd "$WORK" && "$VENV/bin/schemathesis" --no-color \
            --config-file "$ROOT/scripts/schemathesis.toml" run "http://$SERVER_ADDR/openapi.json" \
            --max-time "$per_role" \
            --generation-database none \
            --workers 2 \
            --request-timeout 10 \
            --header "Authorization: Bearer $token") 2>&1 | tee "$WORK/$role.out"
    }
    # On an interpreter without the fix, a run that crashed on #106905 and
    # failed no check is run again, up to three attempts in all. Any failed
    # check fails at once.
    attempt=1
    until fuzz; do
        if grep -q "AST constructor recursion depth mismatch" "$WORK/$role.out" &&
            ! grep -q "^Failures:" "$WORK/$role.out" && [ "$attempt" -lt 3 ]; then
            attempt=$((attempt + 1))
            step "$role: schemathesis crashed on python/cpython#106905, not on a check; attempt $attempt"
        else
            exit 1
        fi
    done
    stop_server
done
