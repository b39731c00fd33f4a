#!/usr/bin/env bash
# Crash durability: 20 rounds (CRASH_ROUNDS) of 8 concurrent writers
# (CRASH_WRITERS) voting on feedback against the release server, `kill -9` at
# a random moment, restart on the same data dir, and check that every
# acknowledged vote is there, nothing else is, and the data reopens intact.
# The test itself is tests/crash.rs (ignored by a plain `cargo test`).
#
#   scripts/crash.sh
#   CRASH_ROUNDS=100 scripts/crash.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --release --test crash -- --ignored --nocapture
