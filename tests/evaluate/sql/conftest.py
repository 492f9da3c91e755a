"""Real engines for the SQL tests.  PostgreSQL: the server named by RUBRICDSL_PG_DSN (``.ci/postgres.sh start``
exports it), else a throwaway cluster the tests start themselves with that script when Debian's server package
is installed.  With RUBRICDSL_REQUIRE_POSTGRES=1 a missing server FAILS the tests; without it they skip and
say why."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterator
from glob import glob
from pathlib import Path
from typing import Any

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
