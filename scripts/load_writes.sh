#!/usr/bin/env bash
# Write load on loopback, the release build, rate limit off. Every write here
# is flushed to disk before its 2xx, so these figures are the disk's as much
# as the service's.
#
#   - POST /v1/feedback: public votes, 50 connections (each vote flushed);
#   - PUT /v1/staff/faqs/{slug}: staff saving draft after draft with If-Match,
#     one connection per FAQ (2 FAQs, 2 wrk threads), each save a new
#     revision, its audit record and a flush.
#
#   scripts/load_writes.sh                 defaults: DURATION=10s
#   DURATION=20s scripts/load_writes.sh
#
# No targets: it reports. Exits 1 on any non-2xx answer or socket error.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DURATION="${DURATION:-10s}"
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v jq >/dev/null 2>&1 || apt_install jq

step "build (release) and start"
build_bin
WORK="$(mktemp -d)"
export WORK
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
ADMIN_TOKEN="$("$BIN" token generate)"
CLINICFAQ_ADMIN_TOKEN="$ADMIN_TOKEN" start_server "$WORK/db" "$WORK/server.log"
echo "serving on $SERVER_ADDR ($(nproc) CPUs)"
# Drafts are an editor's (or a clinician's) work, not an admin's.
STAFF_TOKEN=$(curl -sf -X POST "http://$SERVER_ADDR/v1/staff/tokens" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"load-editor","role":"editor"}' | jq -r .token)
export STAFF_TOKEN

# report NAME WRK_OUTPUT
report() {
    wrk_result "$1" "$2"
    printf '%-22s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d writes)\n' \
        "$1" "$RPS" "$P50_MS" "$P99_MS" "$REQUESTS"
}

step "POST /v1/feedback, 50 connections, $DURATION"
out=$(P=/v1/feedback B='{"slug":"how-long-effects-last","helpful":true}' \
    wrk -t2 -c50 -d"$DURATION" -s "$ROOT/scripts/load/one.lua" "http://$SERVER_ADDR")
report "feedback votes" "$out"

step "PUT /v1/staff/faqs/{slug}, one connection per FAQ, $DURATION"
SLUGS="after-your-session,side-effects"
export SLUGS
for slug in ${SLUGS//,/ }; do
    curl -sf "http://$SERVER_ADDR/v1/staff/faqs/$slug" -H "Authorization: Bearer $STAFF_TOKEN" |
        jq '{faq: .published.faq, note: "load test"}
            | .faq.answer |= sub("^"; "Edited under load. ")' >"$WORK/edit-$slug.json"
done
out=$(wrk -t2 -c2 -d"$DURATION" -s "$ROOT/scripts/load/staff.lua" "http://$SERVER_ADDR")
report "staff draft saves" "$out"
revisions=$(curl -sf "http://$SERVER_ADDR/v1/staff/faqs/after-your-session" \
    -H "Authorization: Bearer $STAFF_TOKEN" | jq .version)
echo "after-your-session is at version $revisions"
