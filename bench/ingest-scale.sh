#!/usr/bin/env bash
# Ingest at scale: synthesizes logs of about 1, 10 and 100 million events and ingests each,
# recording wall time and peak RSS (GNU time); results go in docs/BENCHMARKS.md ("Ingest").
# The 10M log is also written as one Parquet file (row groups of about a million rows) and
# ingested from it, to check that one big Parquet file streams row group by row group.
# Usage: bench/ingest-scale.sh [SCRATCH_DIR]. Needs a release build (swift build -c release)
# and about 16 GB of scratch space. The binary is copied first, so rebuilding during a run
# cannot change it.
set -euo pipefail
SCRATCH=${1:-/tmp/propensity-scale}
mkdir -p "$SCRATCH"
cp "${BIN:-.build/release/propensity}" "$SCRATCH/propensity"
BIN="$SCRATCH/propensity"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# About 638 events per user: 160,000 users give just over 100 million events.
for users in 1500 15000 160000; do
    dir="$SCRATCH/u$users"
    format=csv
    [ "$users" = 15000 ] && format=both
    /usr/bin/time -f "synth users=$users wall=%e s rss=%M KB" \
        "$BIN" synth --users "$users" --seed 1 --out "$dir" --format "$format" --quiet
    ls -l "$dir"
    /usr/bin/time -f "ingest users=$users csv wall=%e s rss=%M KB" \
        "$BIN" ingest --transactions "$dir/transactions.csv" --products "$dir/products.csv" \
        --out "$dir/events.store" --quiet
    "$BIN" info "$dir/events.store" --no-verify | sed -n '2,3p'
    rm -f "$dir/transactions.csv"
    if [ -f "$dir/transactions.parquet" ]; then
        /usr/bin/time -f "ingest users=$users parquet wall=%e s rss=%M KB" \
            "$BIN" ingest --transactions "$dir/transactions.parquet" \
            --products "$dir/products.csv" --out "$dir/parquet.store" --quiet
        # Everything but the first line (file and source names) must agree.
        if diff <("$BIN" info "$dir/events.store" | tail -n +2) \
                <("$BIN" info "$dir/parquet.store" | tail -n +2); then
            echo "info of the Parquet and CSV stores agrees"
        fi
        rm -f "$dir/transactions.parquet" "$dir/parquet.store"
    fi
    rm -f "$dir/events.store"
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
