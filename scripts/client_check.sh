#!/usr/bin/env bash
# Generated clients get every operation. openapi-python-client (from PyPI)
# makes a Python client from the committed openapi/openapi.json; every
# operationId must have a call in it, and a ten-line script asks a question
# through it against a running server.
#
#   scripts/client_check.sh          (PROFILE=dev to use the debug build)
set -euo pipefail
source "$(dirname "$0")/common.sh"

OPC_VERSION=0.29.1
VENV="$TOOLS/client-venv"
if [ ! -x "$VENV/bin/openapi-python-client" ]; then
    step "openapi-python-client $OPC_VERSION"
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        apt_install python3 python3-venv
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "openapi-python-client==$OPC_VERSION"
fi
WORK=$(mktemp -d)
trap 'stop_server; rm -rf "$WORK"' EXIT

step "generate a Python client from openapi/openapi.json"
(cd "$WORK" && "$VENV/bin/openapi-python-client" generate --path "$ROOT/openapi/openapi.json" \
    --meta none --output-path "$WORK/clinicfaq_client" >"$WORK/generate.log" 2>&1) || {
    cat "$WORK/generate.log"
    exit 1
}

step "every operation has a call"
"$VENV/bin/python" - "$ROOT/openapi/openapi.json" "$WORK/clinicfaq_client/api" <<'PY'
import json, pathlib, re, sys
spec = json.load(open(sys.argv[1]))
calls = {p.stem for p in pathlib.Path(sys.argv[2]).rglob("*.py") if p.stem != "__init__"}
ops = [o["operationId"] for item in spec["paths"].values() for o in item.values() if isinstance(o, dict) and "operationId" in o]
missing = sorted(o for o in ops if re.sub(r"[^a-z0-9]+", "_", o.lower()) not in calls)
print(f"{len(ops)} operations, {len(set(ops))} distinct ids, {len(calls)} calls in the client")
if missing or len(set(ops)) != len(ops):
    sys.exit(f"operations without a call: {missing}")
PY

step "a question through the generated client"
build_bin
start_server "$WORK/db" "$WORK/server.log"
PYTHONPATH="$WORK" "$VENV/bin/python" - "http://$SERVER_ADDR" <<'PY'
import sys
from clinicfaq_client import Client
from clinicfaq_client.api.public import ask
from clinicfaq_client.models import AskRequest, AskResponse
reply = ask.sync(client=Client(base_url=sys.argv[1]), body=AskRequest(question="how long do the effects last"))
assert isinstance(reply, AskResponse) and reply.kind.value == "answer", reply
assert reply.faq.slug == "how-long-effects-last" and reply.crisis is None, reply
print(f"{reply.kind.value}: {reply.faq.question} (referral: {reply.referral.providers[0].name})")
PY
step "ok"
