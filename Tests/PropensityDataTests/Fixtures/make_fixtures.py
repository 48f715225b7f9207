"""Writes the small Parquet fixtures of PropensityDataTests (run with pyarrow installed).

Every file holds the same seven rows, written with different layouts (row groups, pages,
dictionary or PLAIN, codecs), so the tests can expect one set of values from all of them.
The expected values are typed by hand in ParquetFileTests.swift, not read from here.
"""
import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

ROWS = {
    "id": pa.array([1, 2, 3, 4, 5, 6, 7], pa.int64()),
    "small": pa.array([10, None, -3, 2147483647, None, 0, -2147483648], pa.int32()),
    "ratio": pa.array([0.5, 1.25, None, -2.0, 1e-300, 3.0, None], pa.float64()),
    "single": pa.array([1.5, -0.25, 0.0, 2.0, 3.5, None, 7.0], pa.float32()),
    "flag": pa.array([True, False, None, True, True, False, None], pa.bool_()),
    "name": pa.array(["ab", "", None, "ab", "é,\"x\"", "zzz", None], pa.string()),
    "stamp": pa.array(
        [dt.datetime(2017, 1, 1, 11, 53, 26), dt.datetime(1969, 12, 31, 23, 59, 59, 500000),
         None, dt.datetime(2018, 2, 28, 0, 0, 0, 1), dt.datetime(2000, 2, 29, 12, 0, 0),
         dt.datetime(1970, 1, 1), dt.datetime(2017, 12, 31, 23, 59, 59)],
        pa.timestamp("us")),
    "day": pa.array(
        [dt.date(2017, 1, 1), dt.date(1970, 1, 1), dt.date(1969, 12, 31), None,
         dt.date(2000, 2, 29), dt.date(2017, 3, 1), dt.date(2017, 1, 2)], pa.date32()),
}
ROWS["count"] = pa.array([3, 1, 4, 1, 5, 9, 2], pa.int64())
# "count" is REQUIRED (no definition levels); every other column is OPTIONAL.
TABLE = pa.table(ROWS, schema=pa.schema(
    [pa.field(name, column.type, nullable=name != "count") for name, column in ROWS.items()]))

def write(name, table=TABLE, **options):
    pq.write_table(table, name, data_page_version="1.0", **options)

# Dictionary pages, one row group, uncompressed; timestamps as INT96 like the real data.
write("dictionary-uncompressed.parquet", compression="NONE",
      use_deprecated_int96_timestamps=True)
# PLAIN values, SNAPPY, three row groups, tiny pages so chunks hold several pages.
write("plain-snappy-pages.parquet", compression="SNAPPY", use_dictionary=False,
      row_group_size=3, data_page_size=8, write_batch_size=2,
      use_deprecated_int96_timestamps=True)
# Dictionary and GZIP; timestamps as INT64 TIMESTAMP(MICROS).
write("dictionary-gzip.parquet", compression="GZIP", row_group_size=4)
# Unsupported features, for the error messages.
write("zstd.parquet", compression="ZSTD")
pq.write_table(TABLE, "page-v2.parquet", data_page_version="2.0", compression="NONE")
write("list.parquet", pa.table({
    "id": pa.array([1, 2], pa.int64()),
    "tags": pa.array([["a"], ["b", "c"]], pa.list_(pa.string())),
}))

# Delimited text with every quoting case, plain and gzip (two gzip members back to back).
import gzip

QUOTED = (
    '\ufeffid,text,amount\r\n'
    '1,plain,0.5\r\n'
    '2,"with, comma",\r\n'
    '3,"say ""hi""","1e2"\r\n'
    '\r\n'
    '4,"two\nlines",-3\r\n'
    '5,,7'
).encode()
open("quoted.csv", "wb").write(QUOTED)
half = len(QUOTED) // 2
with open("quoted.csv.gz", "wb") as out:
    out.write(gzip.compress(QUOTED[:half], mtime=0))
    out.write(gzip.compress(QUOTED[half:], mtime=0))

# Second wave: the rest of what common writers produce. The same seven rows again.
# Data page v2 with DELTA_BINARY_PACKED integers, DELTA_LENGTH_BYTE_ARRAY text and
# BYTE_STREAM_SPLIT floats, SNAPPY, tiny pages so chunks hold several.
DELTA = {"id": "DELTA_BINARY_PACKED", "small": "DELTA_BINARY_PACKED",
         "count": "DELTA_BINARY_PACKED", "stamp": "DELTA_BINARY_PACKED",
         "day": "DELTA_BINARY_PACKED", "name": "DELTA_LENGTH_BYTE_ARRAY",
         "ratio": "BYTE_STREAM_SPLIT", "single": "BYTE_STREAM_SPLIT"}
pq.write_table(TABLE, "delta-v2-snappy.parquet", data_page_version="2.0",
               compression="SNAPPY", use_dictionary=False, column_encoding=DELTA,
               data_page_size=8, write_batch_size=3)
# DELTA_BYTE_ARRAY text, ZSTD, data page v1, two row groups.
pq.write_table(TABLE, "delta-bytes-zstd.parquet", data_page_version="1.0",
               compression="ZSTD", use_dictionary=False, row_group_size=4,
               column_encoding=dict(DELTA, name="DELTA_BYTE_ARRAY"))
# Logical types: timestamps in ms / ns / UTC-adjusted us, decimals as FIXED_LEN_BYTE_ARRAY
# and as INT32 / INT64, a fixed-size binary.
import decimal

D = decimal.Decimal
LOGICAL = pa.table({
    "ms": pa.array([dt.datetime(2017, 1, 1, 11, 53, 26, 123000), None,
                    dt.datetime(1969, 12, 31, 23, 59, 59)], pa.timestamp("ms")),
    "ns": pa.array([1_483_271_606_123_456_789, -1, None], pa.timestamp("ns")),
    "utc": pa.array([dt.datetime(2017, 7, 1, 10, 0), None, dt.datetime(2017, 1, 1)],
                    pa.timestamp("us", tz="UTC")),
    "price": pa.array([D("12.34"), D("-0.05"), None], pa.decimal128(9, 2)),
    "big": pa.array([D("123456789012.345678"), None, D("-1.000001")], pa.decimal128(30, 6)),
    "code": pa.array([b"abc", None, b"xyz"], pa.binary(3)),
})
pq.write_table(LOGICAL, "logical-types.parquet", compression="NONE",
               coerce_timestamps=None, allow_truncated_timestamps=False)
pq.write_table(LOGICAL.select(["price"]), "decimal-int.parquet", compression="NONE",
               store_decimal_as_integer=True)
# Row groups of 3, 0 and 4 rows: pyarrow's writer makes an empty row group (its chunks at
# offset 0) when it is given an empty table.
with pq.ParquetWriter("empty-row-group.parquet", TABLE.schema, compression="SNAPPY") as writer:
    writer.write_table(TABLE.slice(0, 3))
    writer.write_table(TABLE.slice(0, 0))
    writer.write_table(TABLE.slice(3))
# A directory of part files, read as one table (Spark and DuckDB write these).
import os

os.makedirs("parts", exist_ok=True)
pq.write_table(TABLE.slice(0, 3), "parts/part-00000.parquet", compression="SNAPPY")
pq.write_table(TABLE.slice(3), "parts/part-00001.parquet", compression="ZSTD")

# A transaction log of 1,000 rows in row groups of 97 (the last one short), for reading a
# file a few row groups at a time. Every value follows from the row number i, so the test
# recomputes them: user i % 7, time 2017-01-01 + 60 i seconds, product 1000 + 13 i % 50,
# quantity i % 5 - 1 (returns at 0 and -1), amount i / 4, basket i // 3, store null when
# i % 11 == 0 else i % 4; the quantity of row 500 is null (a bad row).
N = 1000
STARTS = dt.datetime(2017, 1, 1)
LOG = pa.table({
    "user": pa.array([i % 7 for i in range(N)], pa.int64()),
    "time": pa.array([STARTS + dt.timedelta(seconds=60 * i) for i in range(N)],
                     pa.timestamp("us")),
    "product": pa.array([1000 + 13 * i % 50 for i in range(N)], pa.int64()),
    "quantity": pa.array([None if i == 500 else i % 5 - 1 for i in range(N)], pa.int64()),
    "amount": pa.array([i / 4 for i in range(N)], pa.float64()),
    "basket": pa.array([i // 3 for i in range(N)], pa.int64()),
    "store": pa.array([None if i % 11 == 0 else i % 4 for i in range(N)], pa.int64()),
})
pq.write_table(LOG, "row-groups.parquet", row_group_size=97, compression="SNAPPY")
