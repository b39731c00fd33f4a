#!/usr/bin/env bash
# Contract fuzzing: schemathesis against the server's own /openapi.json, every
# operation, every check. Fails on any server error, schema violation or
# undocumented status code.
#
#   scripts/schemathesis.sh [MAX_TIME_SECONDS]     (default 120)
#
# Installs schemathesis from PyPI into a venv under ~/.cache/clinicfaq-ci.
# Builds the debug binary by default (PROFILE=release for a release build).
# Staff routes: once they exist, set CLINICFAQ_STAFF_TOKEN to a token the
# server accepts (see the staff docs) and it is sent on every request.
set -euo pipefail
source "$(dirname "$0")/common.sh"

MAX_TIME="${1:-120}"
SCHEMATHESIS_VERSION=4.32.5
PROFILE="${PROFILE:-dev}"

step "schemathesis $SCHEMATHESIS_VERSION"
VENV="$TOOLS/schemathesis-venv"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        apt_install python3 python3-venv
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

step "start clinicfaq (rate limit off)"
build_bin
WORK="$(mktemp -d)"
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
start_server "$WORK/db" "$WORK/server.log"
echo "serving on $SERVER_ADDR"

auth=()
if [ -n "${CLINICFAQ_STAFF_TOKEN:-}" ]; then
    auth=(--header "Authorization: Bearer $CLINICFAQ_STAFF_TOKEN")
fi

step "schemathesis run (max $MAX_TIME s)"
# --generation-database none: every run starts fresh, so CI never replays a
# cached example from someone's laptop. Run in the temp dir, where
# schemathesis leaves its .schemathesis/ cache. `${auth[@]+...}`: set -u.
cd "$WORK"
"$VENV/bin/schemathesis" --no-color run "http://$SERVER_ADDR/openapi.json" \
    --checks all \
    --max-time "$MAX_TIME" \
    --generation-database none \
    --workers 2 \
    --request-timeout 10 \
    ${auth[@]+"${auth[@]}"}
