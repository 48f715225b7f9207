# Shared set-up of the speed benchmarks: the release binary, the data, and the PyTorch
# reference's virtual environment (made by ../shared/peers/setup.sh when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/peers}"
DATA="${DATA:-$ROOT/../shared/data/completejourney}"
CONFIG="${CONFIG:-$ROOT/configs/completejourney-baby.json}"
BIN="$ROOT/.build/release/propensity"
if [ ! -d "$PEERS" ]; then
    echo "bench: the reference implementation is not at $PEERS (set PEERS=...)" >&2
    exit 66
fi
if [ -z "${PEERS_VENV:-}" ]; then
    if [ -x /work/peers-venv/bin/python ]; then PEERS_VENV=/work/peers-venv
    else PEERS_VENV="$ROOT/.build/peers-venv"; fi
fi
if [ ! -x "$PEERS_VENV/bin/python" ]; then
    echo "bench: making the reference's virtual environment in $PEERS_VENV" >&2
    PEERS_VENV="$PEERS_VENV" bash "$PEERS/setup.sh" >&2
fi
PY="$PEERS_VENV/bin/python"
(cd "$ROOT" && bash scripts/install-deps.sh && swift build -c release --product propensity >&2)

# The number after NAME on the last line of a run's output.
value_of() { tail -n 1 | tr ' ' '\n' | grep -A1 -x "$1" | tail -n 1; }

# Swift's own run, then the reference's, with the same settings; prints "swift torch rss rss".
side_by_side() {
    local mode="$1" model="$2" batch="$3" threads="$4" extra="$5" rate="$6"
    local ours theirs
    ours=$("$BIN" bench "$mode" "$CONFIG" --data "$DATA" --model "$model" --batch "$batch" \
        --threads "$threads" $extra 2>/dev/null)
    theirs=$(cd "$PEERS" && "$PY" run.py "bench-$mode" --data "$DATA" --target baby \
        --model "$model" --batch "$batch" --threads "$threads" $extra 2>/dev/null)
    echo "$(echo "$ours" | value_of "$rate") $(echo "$theirs" | value_of "$rate")" \
        "$(echo "$ours" | value_of peak_rss_mb) $(echo "$theirs" | value_of peak_rss_mb)" \
        "$(echo "$ours" | value_of gflops)"
}
