"""Regenerate ``syntax/parser_tables.json`` from the grammar: ``python -m rubricdsl.syntax.make_tables``.

Run it after any change to ``grammar/rubric.lark``; tests/syntax/test_parser_tables.py fails until then.
lark numbers LALR states in an order that varies between runs, so two generations of the same grammar may
differ in their text while describing the same parser; the test therefore checks the grammar's hash and
that the shipped parser and a freshly built one read every test rubric alike.
"""

from __future__ import annotations

import sys

from rubricdsl.syntax.grammar import tables_path, tables_source


def main() -> None:
    tables_path().write_text(tables_source(), encoding="utf-8")
    sys.stdout.write(f"wrote {tables_path()}\n")


if __name__ == "__main__":
    main()
