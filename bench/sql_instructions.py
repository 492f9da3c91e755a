"""Instructions of the generated query against the hand-written one, counted by callgrind: a ratio the load does not move.

    python bench/sql_instructions.py [--rows 200000] [--write]

Wall-clock ratios of two DuckDB queries on this shared 2-core machine move by ±15% from run to run
(``bench/sql.py`` runs them in alternating rounds for that reason).  Here each query is one COPY, Parquet →
Parquet, on one DuckDB thread, in its own process under ``valgrind --tool=callgrind``; the instructions of a
process that copies ``SELECT 1`` are subtracted, so what is left is reading the facts, scoring and writing.
Contenders: the query ``--engine sql`` runs for the seed rubric's typed Parquet file (after its column check),
the same query without its arm columns (what they cost), and ``bench/sql.py``'s hand-written query.
Instructions are not time (a HUGEINT product and a cache miss count alike), so this says where the
generated query does more work, and ``bench/sql.py`` says what that costs in seconds.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import report  # noqa: E402
import sql as bench_sql  # noqa: E402

import rubricdsl  # noqa: E402
from rubricdsl.evaluate.sql.build import compile_sql  # noqa: E402
from rubricdsl.evaluate.sql.run import check_columns  # noqa: E402

# One COPY of argv[2]'s query over the Parquet file argv[1], on one thread, and nothing else.
_COPY = """import sys, duckdb
connection = duckdb.connect()
connection.execute("SET threads = 1")
connection.execute(f"CREATE VIEW facts AS SELECT * FROM read_parquet('{sys.argv[1]}')")
query = open(sys.argv[2], encoding="utf-8").read()
connection.execute(f"COPY ({query}) TO '{sys.argv[3]}' (FORMAT parquet)")
"""
_ARM_COLUMN = re.compile(r'^  __i\d+_a\d+ AS "[^"]+",\n', re.MULTILINE)


def instructions(facts: Path, query: str, scratch: Path, name: str) -> int:
    (scratch / f"{name}.sql").write_text(query, encoding="utf-8")
    out = scratch / f"{name}.callgrind"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", _COPY]
    subprocess.run(
        [*command, str(facts), str(scratch / f"{name}.sql"), str(scratch / f"{name}.parquet")],
        check=True,
        capture_output=True,
    )
    found = re.search(r"^summary: (\d+)$", out.read_text(), re.MULTILINE)
    assert found, f"no summary line in {out}"
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--write", action="store_true", help="write the sql_instructions section of results.md")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("this benchmark needs valgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        facts = scratch / "projects.parquet"
        pq.write_table(bench_sql.projects(args.rows), facts, row_group_size=bench_sql.ROW_GROUP)
        connection = duckdb.connect()
        connection.execute(f"CREATE VIEW facts AS SELECT * FROM read_parquet('{facts}')")
        generated = check_columns(connection, compile_sql(rubricdsl.load(bench_sql.SEED)), "facts").sql
        generated = generated.rstrip().rstrip(";")
        without_arms, removed = _ARM_COLUMN.subn("", generated)
        if not removed:
            raise SystemExit("found no arm column in the generated query's select list: update _ARM_COLUMN")
        queries = {
            "empty": "SELECT 1 AS x",
            "generated": generated,
            "generated, no arm columns": without_arms,
            "hand-written": bench_sql.hand_written("facts"),
        }
        counted = {}
        for name, query in queries.items():
            counted[name] = instructions(facts, query, scratch, re.sub(r"\W+", "_", name))
            print(f"  {name}: {counted[name]:,}", file=sys.stderr)
    empty = counted.pop("empty")
    net = {name: value - empty for name, value in counted.items()}
    hand = net["hand-written"]
    rows = [f"| {name} | {value:,} | {value / args.rows:,.0f} | {hand / value:.3f} |" for name, value in net.items()]
    body = "\n".join(
        [
            "## Instructions of the generated query and the hand-written one (callgrind)",
            "",
            f"{report.now()}; `python bench/sql_instructions.py --rows {args.rows}`: one COPY of {args.rows:,} "
            f"generated seed projects, Parquet → Parquet, one DuckDB thread, each in its own process under "
            f"callgrind, less the {empty:,} instructions of a process that copies `SELECT 1`. The generated "
            f"query is the one `--engine sql` runs on this typed file; the second row drops its {removed} arm "
            "columns from the select list.",
            "",
            "| query | instructions | per row | hand-written ÷ it |",
            "|---|---:|---:|---:|",
            *rows,
        ]
    )
    print(body)
    if args.write:
        report.write_section("sql_instructions", body)


if __name__ == "__main__":
    main()
