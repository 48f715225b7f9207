"""Complete Journey's Parquet -> per-user, time-ordered sequences with categories joined:
pyarrow + pandas, polars and propensity, side by side in one run.

Each does: read transactions and products, join the catalog's three levels, sort by user,
time, basket, product, and group the rows per user. Times are wall-clock, best of --repeats.

Two propensity figures:
- `propensity bench sequences`: the same work in memory, timed inside one warm process as the
  peers are timed inside this one (reading, joining by dictionary codes, sorting, grouping
  into an event store held in memory; freeing the previous result is timed, as it is for the
  peers). This is the like-for-like row, the one the speed-up is computed from.
- `propensity ingest`: the whole process, start-up to exit, also writing and checksumming the
  73 MB store file, which the peers do not do. Each repeat writes a new store; the previous
  one is deleted outside the timed part (replacing a 70 MB file makes the kernel free its
  pages inside the timed rename).

    /work/peers-venv/bin/python bench/sequences.py --data ../shared/data/completejourney

Needs numpy, pandas, pyarrow and polars from PyPI (the peers' venv of ../shared/peers/setup.sh
has the first three; add polars with `pip install polars`) and a release build of propensity
(`swift build -c release --product propensity`).
"""
import argparse
import os
import subprocess
import tempfile
import time

try:
    import numpy as np
    import pandas as pd
    import polars as pl
    import pyarrow.parquet as pq
    MISSING = None
except ImportError as error:  # reported after --help has had its chance
    MISSING = error

KEYS = ["household_id", "transaction_timestamp", "basket_id", "product_id"]
LEVELS = ["department", "product_category", "product_type"]


def with_pandas(data):
    t = pq.read_table(os.path.join(data, "transactions.parquet")).to_pandas()
    p = pq.read_table(os.path.join(data, "products.parquet"),
                      columns=["product_id"] + LEVELS).to_pandas()
    df = t.merge(p, on="product_id", how="left")
    df = df.sort_values(KEYS, kind="stable", ignore_index=True)
    users = df["household_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    return len(df), len(starts)


def with_polars(data):
    t = pl.read_parquet(os.path.join(data, "transactions.parquet"))
    p = pl.read_parquet(os.path.join(data, "products.parquet"), columns=["product_id"] + LEVELS)
    df = t.join(p, on="product_id", how="left").sort(KEYS, maintain_order=True)
    sequences = df.group_by("household_id", maintain_order=True).agg(pl.all())
    return len(df), sequences.height


def with_swift(data, binary, out):
    if os.path.exists(out):
        raise RuntimeError(f"{out} exists")
    subprocess.run(
        [binary, "ingest", "--transactions", os.path.join(data, "transactions.parquet"),
         "--products", os.path.join(data, "products.parquet"), "--out", out, "--quiet"],
        check=True)
    return None, None


def with_swift_in_process(data, binary, repeats):
    """Best in-process seconds reported by `propensity bench sequences`."""
    out = subprocess.run(
        [binary, "bench", "sequences", data, "--repeats", str(repeats)],
        check=True, capture_output=True, text=True).stdout
    fields = out.strip().splitlines()[-1].split()
    values = dict(zip(fields[0::2], fields[1::2]))
    return float(values["best_seconds"]), (int(values["events"]), int(values["users"]))


def best(repeats, body, cleanup=lambda: None):
    times = []
    result = None
    for _ in range(repeats):
        cleanup()
        start = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - start)
    cleanup()
    return min(times), result


def main():
    class Help(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
        """The docstring as written, and each option's default."""

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=Help)
    parser.add_argument("--data", default="../shared/data/completejourney",
                        help="folder with transactions.parquet and products.parquet")
    parser.add_argument("--bin", default=".build/release/propensity",
                        help="the propensity executable")
    parser.add_argument("--repeats", type=int, default=5, help="best of this many runs")
    args = parser.parse_args()
    if MISSING is not None:
        raise SystemExit(f"bench/sequences.py: {MISSING}; install numpy, pandas, pyarrow and "
                         "polars (pip install numpy pandas pyarrow polars)")
    if not os.access(args.bin, os.X_OK):
        raise SystemExit(f"bench/sequences.py: no executable at {args.bin}; build it with "
                         "swift build -c release --product propensity, or pass --bin")
    for name in ["transactions.parquet", "products.parquet"]:
        if not os.path.exists(os.path.join(args.data, name)):
            raise SystemExit(f"bench/sequences.py: {os.path.join(args.data, name)} not found; "
                             "pass --data")
    if args.repeats < 1:
        raise SystemExit("bench/sequences.py: --repeats must be at least 1")
    out = os.path.join(tempfile.mkdtemp(), "cj.store")

    def remove_store():
        if os.path.exists(out):
            os.remove(out)

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = {}
    for name, body, cleanup in [
        ("pyarrow + pandas", lambda: with_pandas(args.data), lambda: None),
        ("polars", lambda: with_polars(args.data), lambda: None),
        ("propensity ingest", lambda: with_swift(args.data, args.bin, out), remove_store),
    ]:
        seconds, result = best(args.repeats, body, cleanup)
        rows[name] = seconds
        detail = "" if result[0] is None else f" ({result[0]} rows, {result[1]} users)"
        print(f"| {name} | {seconds:.3f} s |{detail}")
    seconds, result = with_swift_in_process(args.data, args.bin, args.repeats)
    rows["propensity bench sequences"] = seconds
    print(f"| propensity bench sequences | {seconds:.3f} s | ({result[0]} rows, {result[1]} users)")
    fastest_peer = min(rows["pyarrow + pandas"], rows["polars"])
    print(f"speed-up of propensity (in process, same work) over the faster peer: "
          f"{fastest_peer / rows['propensity bench sequences']:.2f}x")
    print(f"speed-up of the whole ingest process (also writing the store): "
          f"{fastest_peer / rows['propensity ingest']:.2f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
