#!/usr/bin/env bash
# A large catalog import through the real `caja catalog import`, beside a till selling on the
# same store (every sale's commit time, alone and during the import), and the same import
# killed with SIGKILL mid-way (the old catalog whole afterwards). CI runs both with 100,000
# rows (tests/it/import.rs); this is the long run.
#   tests/import-campaign.sh [ROWS]     (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
start=$(date +%s)
CAJA_IMPORT_ROWS=$rows cargo test --release --test it -- --exact --test-threads 1 --nocapture \
    import::a_sale_commits_in_its_normal_time_during_a_large_import \
    import::kill_9_during_a_large_import_leaves_the_old_catalog_whole \
    2>&1 | grep -E 'sale commit:|killed mid-import|test result|panicked'
echo "import campaign: $rows rows in $(( $(date +%s) - start )) s"
