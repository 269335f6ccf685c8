#!/usr/bin/env bash
# The outbox under a thousand kill -9s: `caja outbox drill` delivers to a line receiver and is
# killed at random moments, again and again, while messages keep being written; afterwards every
# message has arrived at least once and was applied exactly once by its idempotency key.
# CI runs the same test with 50 kills (tests/it/outbox_kills.rs); this is the long campaign.
#   tests/outbox-kills.sh [KILLS]     (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-1000}
start=$(date +%s)
CAJA_OUTBOX_KILLS=$kills cargo test --release --test it -- --exact \
    outbox_kills::sigkill_while_delivering_loses_nothing_and_applies_each_message_once \
    --nocapture 2>&1 | grep -E 'outbox kills:|test result|panicked' 
echo "outbox kill campaign: $kills kills in $(( $(date +%s) - start )) s"
