"""`--engine sql` against the Python CLI path and a hand-written DuckDB query of the seed rubric, in one process.

    python bench/sql.py [--rows 100000] [--threads 2] [--rounds 3] [--write]

N clean projects of the seed rubric (xiangtan-sme-2021) are generated once, written as Parquet (row groups of 122,880 rows, as DuckDB writes them; typed: the
facts' natural column types) and as CSV (for the Python path, which reads text).  Then, each timed from its
input file to its written output file:

* ``--engine sql``: the generated query in embedded DuckDB, Parquet → Parquet (what `rubric eval … --engine
  sql` runs: column check, scoring, atomic write);
* the Python CLI path: ``rubric eval R projects.csv -o scores.csv`` (its batch function, in this process);
* a hand-written exact DuckDB query of the same rubric, Parquet → Parquet.  It reads clean facts only: no
  fact validation, no problem codes, no arm columns — so it is the fastest this rubric can be scored exactly,
  and the ratio is a lower bound on what the generator costs.

The three are checked to give the same total and grade on every row before any ratio is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import report  # noqa: E402

import rubricdsl  # noqa: E402
from rubricdsl.cli.batch import run_batch  # noqa: E402
from rubricdsl.evaluate.sql.build import compile_sql  # noqa: E402
from rubricdsl.evaluate.sql.run import Source, attach, connect, score_to_file  # noqa: E402

SEED = ROOT / "rubrics" / "xiangtan-sme-2021.rubric"
ROW_GROUP = 122_880
CHECKLIST_GROUPS = {
    "goal_content": [("goal_set", 5), *((f, 3) for f in ("goal_specific", "goal_quantified", "goal_realistic",
                      "goal_linked_to_plan", "goal_has_timeline"))],
    "allocation_method": [("has_fund_rules", 1), ("fund_rules_sound", 1), ("allocation_factors_reasonable", 1)],
    "allocation_result": [("allocation_follows_rules", 2), ("allocation_fair", 2)],
    "organization": [("organization_sound", 2)],
    "execution": [("started_on_schedule", 1), ("progressed_on_schedule", 1), ("completed_on_schedule", 1)],
    "management_rules": [("mgmt_rules_sound", 1), ("mgmt_rules_enforced", 1)],
}  # fmt: skip
WHEN_ONES = {
    "application": ("open_application", 1), "review": ("strict_review", 1), "publication": ("result_published", 1),
    "separate_ledger": ("separate_accounting", 5), "purpose_clear": ("spending_purpose_clear", 2),
    "approval_sound": ("approval_process_sound", 1), "monitoring": ("monitoring_in_place", 1),
    "inspection": ("inspection_done", 1), "procurement": ("procurement_compliant", 1),
}  # fmt: skip


def hand_written(table: str) -> str:
    """The seed rubric by hand, exact: ratios cross-multiplied, the pro-rata deduction as one rational
    (2 − 25·(a/b − 5%) = (325·b − 2500·a) / (100·b)) rounded half-even at 10 decimals in HUGEINT.  Every
    indicator's score, the total and the grade, as the generated query gives them (without its problems,
    `complete` and arm columns)."""
    unit = 10**10
    scores: dict[str, str] = {}
    for ident, items in CHECKLIST_GROUPS.items():
        scores[ident] = " + ".join(f"(CASE WHEN {fact} THEN {points} ELSE 0 END)" for fact, points in items)
    for ident, (fact, points) in WHEN_ONES.items():
        scores[ident] = f"(CASE WHEN {fact} THEN {points} ELSE 0 END)"
    scores["budget_completion"] = (
        "(CASE WHEN budget_spent * 10 >= budget_planned * 9 THEN 5 WHEN budget_spent * 10 >= budget_planned * 8"
        " THEN 3 WHEN budget_spent * 10 >= budget_planned * 7 THEN 2 WHEN budget_spent * 10 >= budget_planned * 6"
        " THEN 1 ELSE 0 END)"
    )
    scores["earmarking"] = "(CASE WHEN project_spent = budget_spent THEN 5 ELSE 0 END)"
    scores["public_activities"] = "GREATEST(0, 15 - GREATEST(0, 12 - activities))"
    scores["enterprises_reached"] = "(CASE WHEN enterprises_served >= 120 THEN 15 ELSE 0 END)"
    scores["satisfaction_rate"] = "(CASE WHEN satisfaction >= 0.95 THEN 10 ELSE 0 END)"
    a, b = "CAST(admin_expense * 10000 AS HUGEINT)", "CAST(CAST(budget_spent AS DECIMAL(38,4)) * 10000 AS HUGEINT)"
    x = f"GREATEST(0, 325 * {b} - 2500 * {a}) * 100000000"  # the admin score × 10^10 × b
    q, r = f"({x} // {b})", f"({x} % {b})"
    admin = (
        f"(CASE WHEN 20 * {a} <= {b} THEN 2 * {unit} ELSE {q} + (CASE WHEN 2 * {r} > {b} OR (2 * {r} = {b} AND"
        f" {q} % 2 = 1) THEN 1 ELSE 0 END) END)"
    )
    whole = " + ".join(scores.values())
    total = f"(CAST(({whole}) AS HUGEINT) * {unit} + a)"

    def shown(scaled: str) -> str:
        return f"CAST(CAST({scaled} AS DECIMAL(38,0)) * 0.0000000001 AS DECIMAL(38,10))"

    columns = ", ".join(f"CAST({sql} AS DECIMAL(38,10)) AS {ident}" for ident, sql in scores.items())
    return f"""
    WITH s AS (SELECT *, {admin} AS a FROM {table}), t AS (SELECT *, {total} AS t FROM s)
    SELECT id, {columns}, {shown("a")} AS admin_expense_rate, {shown("t")} AS total,
      CASE WHEN t >= 90 * {unit} THEN '优' WHEN t >= 80 * {unit} THEN '良' WHEN t >= 60 * {unit} THEN '中' ELSE '差' END
        AS grade
    FROM t"""


def projects(rows: int, seed: int = 1) -> pa.Table:
    rng = random.Random(seed)
    rubric = rubricdsl.load(SEED)
    bools = [name for name, spec in rubric.schema.specs.items() if spec.kind.value == "bool"]
    planned = [rng.randint(100_000, 2_000_000) for _ in range(rows)]
    data: dict[str, pa.Array] = {"id": pa.array([f"p{i}" for i in range(rows)])}
    money = pa.decimal128(18, 4)
    spent = [Decimal(rng.randint(p * 5, p * 11)) / 10 for p in planned]
    data["budget_planned"] = pa.array([Decimal(p) for p in planned], money)
    data["budget_spent"] = pa.array(spent, money)
    data["admin_expense"] = pa.array([s * Decimal(rng.randint(0, 120)) / 1000 for s in spent], money)
    data["project_spent"] = pa.array([s if rng.random() < 0.8 else s - 1 for s in spent], money)
    data["activities"] = pa.array([rng.randint(0, 20) for _ in range(rows)], pa.int64())
    data["enterprises_served"] = pa.array([rng.randint(60, 200) for _ in range(rows)], pa.int64())
    data["satisfaction"] = pa.array([Decimal(rng.randint(850, 1000)) / 1000 for _ in range(rows)], pa.decimal128(10, 8))
    for name in bools:
        data[name] = pa.array([rng.random() < 0.85 for _ in range(rows)])
    return pa.table(data)


def timed(label: str, run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    print(f"  {label}: {elapsed:.3f} s", file=sys.stderr)
    return elapsed


LABELS = {"sql": "`--engine sql` (DuckDB)", "hand": "hand-written DuckDB", "python": "Python CLI (CSV → CSV)"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all three, alternating; medians reported")
    parser.add_argument("--write", action="store_true", help="write the sql_rounds section of bench/results.md")
    args = parser.parse_args()
    rubric = rubricdsl.load(SEED)
    load_before = os.getloadavg()
    seconds: dict[str, list[float]] = {name: [] for name in LABELS}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        table = projects(args.rows)
        # Row groups of 122,880 rows, DuckDB's own default when it writes Parquet (Spark's writers cut at a size
        # likewise): DuckDB parallelises a Parquet scan by row group, and pyarrow's default (1 Mi rows) would hold
        # a million projects in one group, scored on one thread by both queries whatever --threads says.
        pq.write_table(table, work / "projects.parquet", row_group_size=ROW_GROUP)
        pacsv.write_csv(table, work / "projects.csv")

        def engine_sql() -> None:
            connection = connect(args.threads)
            attach(connection, Source.parse(str(work / "projects.parquet")), "facts")
            score_to_file(connection, compile_sql(rubric), "facts", work / "sql.parquet")

        def hand() -> None:
            connection = connect(args.threads)
            attach(connection, Source.parse(str(work / "projects.parquet")), "facts")
            connection.execute(f"COPY ({hand_written('facts')}) TO '{work / 'hand.parquet'}' (FORMAT parquet)")

        def python_cli() -> None:
            with (work / "python.csv").open("w", encoding="utf-8", newline="") as out:
                run_batch(rubric, work / "projects.csv", "csv", out, progress=False)

        runs = {"sql": engine_sql, "hand": hand, "python": python_cli}
        print(f"{args.rows:,} projects of the seed rubric, {args.threads} DuckDB thread(s)", file=sys.stderr)
        order = list(runs)
        for round_number in range(args.rounds):
            # Each round in another order, so that no contender always runs first (cold caches) or last.
            turn = order[round_number % len(order) :] + order[: round_number % len(order)]
            print(f" round {round_number + 1}: load {os.getloadavg()[0]:.2f}", file=sys.stderr)
            for name in turn:
                seconds[name].append(timed(LABELS[name], runs[name]))
        check = duckdb.connect()
        differing = check.execute(
            f"""SELECT count(*) FROM read_parquet('{work / "sql.parquet"}') s
            JOIN read_parquet('{work / "hand.parquet"}') h USING (id)
            JOIN read_csv('{work / "python.csv"}', all_varchar = true) p USING (id)
            WHERE s.total <> h.total OR s.grade <> h.grade OR s.admin_expense_rate <> h.admin_expense_rate OR s.total <> CAST(p.total AS DECIMAL(38,10))
               OR s.grade <> p.grade OR NOT s.complete"""
        ).fetchone()
        joined = check.execute(f"SELECT count(*) FROM read_parquet('{work / 'sql.parquet'}')").fetchone()
        assert differing is not None and joined is not None
        if differing[0] or joined[0] != args.rows:
            sys.exit(f"the contenders disagree on {differing[0]} rows (or lost rows): no ratios")
    load = os.getloadavg()
    median = {name: statistics.median(values) for name, values in seconds.items()}
    rate = {name: args.rows / value for name, value in median.items()}
    # Per round too: a ratio of two runs of the same round met the same machine.
    per_round = [seconds["python"][i] / seconds["sql"][i] for i in range(args.rounds)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        "## `--engine sql` against the Python CLI and a hand-written query, alternating rounds",
        "",
        f"{report.now()}; `python bench/sql.py --rows {args.rows} --threads {args.threads} --rounds {args.rounds}`: "
        f"{args.rows:,} generated seed projects, wall clock from input file to written output, {args.rounds} rounds "
        "of the three contenders in rotating order, medians.  All three equal on every total and grade (checked "
        f"before any ratio is printed).  Load average {load_before[0]:.2f} as it started, {load[0]:.2f}, "
        f"{load[1]:.2f}, {load[2]:.2f} as it ended, on {os.cpu_count()} cores; peak RSS of the process {peak:.0f} MB.",
        "",
        "| contender | rounds (s) | median | rows/s | ÷ Python CLI | ÷ hand-written |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, label in LABELS.items():
        shown = ", ".join(f"{value:.2f}" for value in seconds[name])
        lines.append(
            f"| {label} | {shown} | {median[name]:.2f} s | {rate[name]:,.0f} | {rate[name] / rate['python']:.2f} "
            f"| {rate[name] / rate['hand']:.2f} |"
        )
    lines += [
        "",
        "`--engine sql` ÷ Python CLI within each round: " + ", ".join(f"{ratio:.2f}×" for ratio in per_round) + ".",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        report.write_section("sql_rounds", text)


if __name__ == "__main__":
    main()
