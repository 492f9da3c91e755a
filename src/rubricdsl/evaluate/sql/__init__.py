"""The SQL back end: a rubric's scoring IR as one query that scores every row of a facts table.

:mod:`.generator` translates each IR node once, :mod:`.dialects` holds what DuckDB, PostgreSQL and Spark spell
differently, :mod:`.types` the facts columns' SQL types, and :mod:`.run` executes the query in embedded DuckDB.
Exactness rules and the dialect support table are in docs/sql.md.
"""
