"""Score a facts table with a rubric's Spark SQL query, on a cluster or locally (docs/sql.md, "On a cluster").

    rubric sql R.rubric --dialect spark --table facts --key id > score.sql
    spark-submit docs/examples/spark_score.py score.sql s3://bucket/projects/ s3://bucket/scores/
    spark-submit docs/examples/spark_score.py score.sql --table warehouse.projects s3://bucket/scores/

The facts are a Parquet directory (or, with --table, a Hive/catalog table) with one column per fact in its
natural type (DECIMAL(18,4) money, DECIMAL(10,8) percent, DECIMAL(18,6) number, BIGINT count, BOOLEAN bool,
STRING enum) and the key column.  The query is a plain projection (no joins, windows or aggregates), so Spark
distributes it row by row; the scores are written as Parquet.  Leave ANSI mode on (Spark 4's default): an
overflow then stops the job instead of becoming NULL — the generator proves none can happen, and this keeps
that proof honest.
"""

from __future__ import annotations

import argparse
from typing import Any


def score(spark: Any, query: str, output: str, *, parquet: str | None = None, table: str | None = None) -> Any:
    """Run ``query`` (the text `rubric sql --dialect spark --table facts` printed) over the facts and write the
    scores to ``output`` as Parquet; returns the scored DataFrame."""
    facts = spark.read.parquet(parquet) if parquet is not None else spark.table(table)
    facts.createOrReplaceTempView("facts")
    scored = spark.sql(query.strip().rstrip(";"))
    scored.write.mode("overwrite").parquet(output)
    return scored


def main() -> None:
    from pyspark.sql import SparkSession

    parser = argparse.ArgumentParser(description="Score a facts table with a rubric's Spark SQL query.")
    parser.add_argument("query", help="the file `rubric sql --dialect spark --table facts` wrote")
    parser.add_argument("source", nargs="?", help="a Parquet file or directory of facts")
    parser.add_argument("output", help="where the scores are written (Parquet)")
    parser.add_argument("--table", help="a catalog (Hive) table of facts, instead of a Parquet source")
    args = parser.parse_args()
    if (args.source is None) == (args.table is None):
        parser.error("give either a Parquet source or --table")
    spark = SparkSession.builder.appName("rubricdsl-score").getOrCreate()
    with open(args.query, encoding="utf-8") as text:
        score(spark, text.read(), args.output, parquet=args.source, table=args.table)
    spark.stop()


if __name__ == "__main__":
    main()
