#!/usr/bin/env bash
# Ingest at scale: synthesizes logs of about 1, 10 and 100 million events and ingests each,
# recording wall time and peak RSS (GNU time). Usage: bench/ingest-scale.sh [SCRATCH_DIR]
# Needs a release build (swift build -c release) and about 10 GB of scratch space.
set -euo pipefail
BIN=${BIN:-.build/release/propensity}
SCRATCH=${1:-/tmp/propensity-scale}
mkdir -p "$SCRATCH"
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
