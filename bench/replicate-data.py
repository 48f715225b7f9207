"""Makes a larger transaction log for scoring benchmarks: K copies of the Complete Journey
customers, copy k with household ids + k * 1_000_000 and basket ids + k * 10^12 (products,
times and amounts unchanged), written as transactions.csv beside a copy of products.csv.gz.

    python3 bench/replicate-data.py SOURCE_DIR COPIES OUT_DIR

Standard library only. Every copy scores like its original, so throughput is what changes.
"""
import csv
import gzip
import os
import shutil
import sys

source, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
shutil.copy(os.path.join(source, "products.csv.gz"), os.path.join(out, "products.csv.gz"))
with gzip.open(os.path.join(source, "transactions.csv.gz"), "rt", newline="") as handle:
    rows = list(csv.reader(handle))
header, rows = rows[0], rows[1:]
user, basket = header.index("household_id"), header.index("basket_id")
with open(os.path.join(out, "transactions.csv"), "w", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    for k in range(copies):
        for row in rows:
            copy = list(row)
            copy[user] = str(int(row[user]) + k * 1_000_000)
            copy[basket] = str(int(row[basket]) + k * 10**12)
            writer.writerow(copy)
print(f"wrote {copies * len(rows)} rows to {out}/transactions.csv", file=sys.stderr)
