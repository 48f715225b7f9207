#!/usr/bin/env bash
# Ingest at scale: synthesizes logs of about 1, 10 and 100 million events and ingests each,
# recording wall time and peak RSS (GNU time); results go in docs/BENCHMARKS.md ("Ingest").
# Usage: bench/ingest-scale.sh [SCRATCH_DIR]. Needs a release build (swift build -c release)
# and about 16 GB of scratch space. The binary is copied first, so rebuilding during a run
# cannot change it.
set -euo pipefail
SCRATCH=${1:-/tmp/propensity-scale}
mkdir -p "$SCRATCH"
cp "${BIN:-.build/release/propensity}" "$SCRATCH/propensity"
BIN="$SCRATCH/propensity"
for users in 1500 15000 150000; do
    dir="$SCRATCH/u$users"
    /usr/bin/time -f "synth users=$users wall=%e s rss=%M KB" \
        "$BIN" synth --users "$users" --seed 1 --out "$dir" --quiet
    /usr/bin/time -f "ingest users=$users wall=%e s rss=%M KB" \
        "$BIN" ingest --transactions "$dir/transactions.csv" --products "$dir/products.csv" \
        --out "$dir/events.store"
    "$BIN" info "$dir/events.store" --no-verify | sed -n '2,3p'
    rm -f "$dir/transactions.csv"
done
