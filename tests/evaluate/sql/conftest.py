"""Real engines for the SQL tests.  PostgreSQL: the server named by RUBRICDSL_PG_DSN (``.ci/postgres.sh start``
exports it), else a throwaway cluster the tests start themselves with that script when Debian's server package
is installed.  With RUBRICDSL_REQUIRE_POSTGRES=1 a missing server FAILS the tests; without it they skip and
say why.

Spark: one local session per test session (pyspark and a Java runtime; `.ci/spark.sh` installs Debian's
OpenJDK 17 when `java` is missing).  Under CI (the CI variable set) or RUBRICDSL_REQUIRE_SPARK=1 a missing
Java or pyspark FAILS the tests; elsewhere they skip and say why."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from glob import glob
from pathlib import Path
from typing import Any, NoReturn

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / ".ci" / "postgres.sh"


def _unavailable(reason: str) -> None:
    if os.environ.get("RUBRICDSL_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"RUBRICDSL_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(f'PostgreSQL tests skipped: {reason} (run `eval "$(.ci/postgres.sh start)"`)')


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    dsn = os.environ.get("RUBRICDSL_PG_DSN")
    if dsn:
        yield dsn
        return
    if not glob("/usr/lib/postgresql/*/bin/initdb"):
        _unavailable("no PostgreSQL server is installed and RUBRICDSL_PG_DSN is not set")
    started = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        _unavailable(f".ci/postgres.sh start failed: {started.stderr.strip()[-300:]}")
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines() if line.startswith("export ")
    )
    settings = {name: shlex.split(value)[0] for name, value in exports.items()}
    try:
        yield settings["RUBRICDSL_PG_DSN"]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env={**os.environ, **settings}, check=False)


@pytest.fixture()
def postgres(postgres_dsn: str) -> Iterator[Any]:
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'rubricdsl[sql]')")
    with psycopg.connect(postgres_dsn, autocommit=True) as connection:
        yield connection


def _spark_unavailable(reason: str) -> NoReturn:
    """Under CI (or RUBRICDSL_REQUIRE_SPARK=1) a missing Java or pyspark fails the Spark tests; elsewhere they
    skip and say why."""
    if os.environ.get("CI") or os.environ.get("RUBRICDSL_REQUIRE_SPARK") == "1":
        pytest.fail(f"the Spark tests must run here (CI or RUBRICDSL_REQUIRE_SPARK=1), but {reason}")
    pytest.skip(f"Spark tests skipped: {reason} (run `bash .ci/spark.sh` and pip install 'rubricdsl[spark]')")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the whole test session: two cores, two shuffle partitions, no UI."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _spark_unavailable("no Java runtime is installed (`java` is not on PATH and JAVA_HOME is not set)")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        _spark_unavailable("pyspark is not installed")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("rubricdsl-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        # Spark's SQL parser (ANTLR) keeps its prediction cache across queries and never lets it go: with 1 GB
        # the whole Spark file ran out of heap in the parser after six of these large queries, and with 2 GB
        # the whole suite did once the list and doc-example queries ran first.  Spark (4.0+) can flush the
        # cache when it outgrows a share of the driver's memory; 3 GB leaves the analyser room beside it.
        .config("spark.driver.memory", "3g")
        .config("spark.sql.parser.manageParserCaches", "true")
        .config("spark.sql.session.timeZone", "UTC")
        # Interpreted expressions: the generated query is one projection of a few hundred nested CASEs, and
        # Janino spends longer compiling it (and failing past 64 KB, then falling back) than the test's rows
        # take to score.  The decimal semantics are the same; test_spark_cluster.py runs the seed query
        # once with code generation on.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
