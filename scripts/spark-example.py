#!/usr/bin/env python3
"""Code a news archive on Apache Spark: each executor pipes its partition through `statecraft code`.

usage:
  spark-submit --files target/release/statecraft scripts/spark-example.py INPUT OUTPUT --binary ./statecraft
  python3 scripts/spark-example.py INPUT OUTPUT --binary target/release/statecraft --master 'local[2]'

INPUT is JSON lines ({"id", "text", "date", ...} a line; any path Spark reads: local, HDFS, S3).
OUTPUT is a folder of JSON-lines event files (one per partition), the same events
`statecraft code` prints for the same documents in a single process.
`statecraft code` reads standard input and writes standard output, so `RDD.pipe` is all it takes;
`--threads 1` leaves parallelism to Spark (one task per core).
"""
import argparse
import os

from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--binary", default="./statecraft", help="path of the statecraft binary on the executors")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: from spark-submit)")
    args = ap.parse_args()

    builder = SparkSession.builder.appName("statecraft-code")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    binary = os.path.abspath(args.binary) if os.path.exists(args.binary) else args.binary
    docs = sc.textFile(args.input, minPartitions=args.partitions)
    events = docs.pipe(f"{binary} code --threads 1")
    events.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
