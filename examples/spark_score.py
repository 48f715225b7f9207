"""Scores a customer base on Spark: builds each customer's history from a DataFrame of
transactions and pipes the histories through `propensity score --stdin` with RDD.pipe.

    python examples/spark_score.py --binary .build/release/propensity \
        --model out/model-cnn-lstm --data ../shared/data/completejourney \
        --as-of 2018-01-01 --out spark-scores.csv [--partitions 4] [--master local[2]]

Steps, all but the last on the executors:
1. read transactions and products (Complete Journey column names) as DataFrames;
2. keep purchases (quantity > 0) before the as-of date, attach the three category levels
   (`<UNKNOWN_PRODUCT>` for a product without a catalog row, `<MISSING>` for an empty level,
   as the event log does);
3. drop customers who bought the model's target before the date, keep the lookback window;
4. one JSON line per customer (the format of `propensity export-histories`), built with
   DataFrame functions (no Python per row);
5. `RDD.pipe` through the binary, one process per partition;
6. collect `user,score,probability,status` into a CSV, sorted by score (best first), then user.

Writes only what the binary returns: the scores equal `propensity score --data ...` for every
customer (tests/spark check this). Needs pyspark (PyPI) and Java 17.
"""
import argparse
import csv
import json
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

UNKNOWN = "<UNKNOWN_PRODUCT>"
MISSING = "<MISSING>"
LEVELS = ["department", "product_category", "product_type"]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the propensity executable")
    parser.add_argument("--model", required=True, help="NAME of NAME.json + NAME.safetensors")
    parser.add_argument("--data", required=True, help="folder with transactions/products.parquet")
    parser.add_argument("--as-of", required=True, help="scoring date YYYY-MM-DD")
    parser.add_argument("--out", required=True, help="CSV of user,score,probability,status")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--master", default="local[2]")
    return parser.parse_args()


def model_description(model):
    """The model's JSON: target and lookback decide which events each history holds."""
    path = model if model.endswith(".json") else model.removesuffix(".safetensors") + ".json"
    with open(path) as handle:
        return json.load(handle)


def level_or_missing(column):
    """A catalog level, with null or blank spelled `<MISSING>` as the event log does."""
    return F.when(F.col(column).isNull() | (F.trim(F.col(column)) == ""), F.lit(MISSING)) \
        .otherwise(F.col(column))


def main():
    args = parse_arguments()
    model = model_description(args.model)
    target = model["target"]
    lookback_days = model["samples"]["lookbackDays"]
    binary = os.path.abspath(args.binary)
    model_path = os.path.abspath(args.model)

    spark = (SparkSession.builder.master(args.master).appName("propensity-score")
             # Timestamps are naive local times: read and format them without any zone shift.
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")

    transactions = spark.read.parquet(os.path.join(args.data, "transactions.parquet"))
    products = spark.read.parquet(os.path.join(args.data, "products.parquet"))
    products = products.select(
        F.col("product_id"), F.lit(True).alias("in_catalog"),
        *[level_or_missing(c).alias(f"level{k + 1}") for k, c in enumerate(LEVELS)])

    as_of = F.to_timestamp(F.lit(args.as_of + " 00:00:00"))
    start = F.to_timestamp(F.lit(args.as_of + " 00:00:00")) - F.expr(
        f"INTERVAL {lookback_days} DAYS")
    events = (transactions
              .where((F.col("quantity") > 0) & (F.col("transaction_timestamp") < as_of))
              .join(products, "product_id", "left"))
    for k in range(1, 4):
        events = events.withColumn(
            f"level{k}", F.when(F.col("in_catalog").isNull(), F.lit(UNKNOWN))
            .otherwise(F.col(f"level{k}")))

    # Prospects: no target event before the date.
    is_target = F.col(f"level{target['level']}").isin(target["values"])
    buyers = events.where(is_target).select("household_id").distinct()
    # One JSON line per customer, built on the JVM: events sorted as the event log sorts
    # them (time, basket, product), discounts summed as absolute values in the loader's order.
    discount = F.lit(0.0)
    for part in ("retail_disc", "coupon_disc", "coupon_match_disc"):
        discount = discount + F.abs(F.coalesce(F.col(part), F.lit(0.0)))
    event = F.struct(
        F.date_format("transaction_timestamp", "yyyy-MM-dd'T'HH:mm:ss").alias("time"),
        F.col("basket_id").alias("basket"), F.col("product_id").alias("product"),
        F.array("level1", "level2", "level3").alias("categories"),
        F.col("quantity"), F.col("sales_value").alias("amount"), discount.alias("discount"))
    histories = (events.join(buyers, "household_id", "left_anti")
                 .where(F.col("transaction_timestamp") >= start)
                 .groupBy(F.col("household_id").alias("user"))
                 .agg(F.array_sort(F.collect_list(event)).alias("events"))
                 .select(F.to_json(F.struct(
                     "user", F.lit(args.as_of).alias("as_of"), "events")).alias("line"))
                 .repartition(args.partitions))
    lines = histories.rdd.map(lambda row: row["line"])
    command = f"{binary} score --model {model_path} --stdin --threads 1"
    # The piped process gets a bare environment. OpenBLAS picks its kernels by CPU unless
    # OPENBLAS_CORETYPE says otherwise, and kernels differ in the last bits of a product:
    # passing the driver's OPENBLAS_* settings keeps scores bit-identical to a batch run.
    blas = {key: value for key, value in os.environ.items() if key.startswith("OPENBLAS_")}
    results = [json.loads(line)
               for line in lines.pipe(command, env=blas, checkCode=True).collect()]
    spark.stop()

    results.sort(key=lambda r: (-(r["score"] if r["score"] is not None else -1), r["user"]))
    with open(args.out, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["user", "score", "probability", "status"])
        for r in results:
            writer.writerow([r["user"], "" if r["score"] is None else repr(r["score"]),
                             "" if r["probability"] is None else repr(r["probability"]),
                             r["status"]])
    scored = sum(r["status"] == "scored" for r in results)
    print(f"spark: {len(results)} histories in {args.partitions} partitions, {scored} scored, "
          f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
