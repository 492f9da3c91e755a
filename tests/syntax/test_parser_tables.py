"""The parser's LALR tables ship inside the package (JSON, no pickle) and are current with the grammar.

Before, lark's tables were pickled into ~/.cache/rubricdsl and loaded after checking only the directory's
owner: a pickle planted in a shared or `chmod 777` cache ran code, and a symlinked cache file had its
target overwritten.  Now nothing is read from or written to a per-user cache at all.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import lark
import pytest
from lark.exceptions import UnexpectedInput

from rubricdsl.syntax.grammar import RubricLark, build_parser, grammar_sha256, lark_parser, shipped_tables
from tests.conftest import ROOT, RUBRICS

SAMPLES = sorted([*RUBRICS.glob("*.rubric"), *(ROOT / "tests" / "cases" / "syntax").glob("*.rubric")])


def test_the_shipped_tables_are_current_with_the_grammar() -> None:
    tables = shipped_tables()
    assert tables is not None, "run `python -m rubricdsl.syntax.make_tables`"
    assert tables["grammar_sha256"] == grammar_sha256(), (
        "the grammar changed: run `python -m rubricdsl.syntax.make_tables`"
    )
    assert tables["lark_version"] == lark.__version__, "lark changed: run `python -m rubricdsl.syntax.make_tables`"


def test_the_parser_in_use_is_loaded_from_the_shipped_tables() -> None:
    assert isinstance(lark_parser(), RubricLark)


def _outcome(parser: lark.Lark, text: str) -> object:
    try:
        return parser.parse(text)
    except UnexpectedInput as error:
        return (type(error).__name__, error.pos_in_stream, sorted(getattr(error, "expected", ()) or ()))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_the_shipped_parser_reads_every_sample_as_a_freshly_built_one(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    assert _outcome(lark_parser(), text) == _outcome(_fresh(), text)


_BUILT: list[lark.Lark] = []


def _fresh() -> lark.Lark:
    if not _BUILT:
        _BUILT.append(build_parser())
    return _BUILT[0]


def test_the_grammar_is_there_for_hypothesis() -> None:
    assert lark_parser().grammar.compile(["start"], ())[0]


PROBE = (
    'import rubricdsl; r = rubricdsl.loads(\'# kept\\nrubric t "t" 1\\nindicator i "i" 1 { formula 1 }\');'
    "print([c.text for c in r.checked.rubric.comments])"
)


def test_no_cache_is_read_or_written_even_when_one_is_planted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    cache = tmp_path / "cache"
    marker = tmp_path / "pwned"
    planted = cache / "rubricdsl"
    planted.mkdir(parents=True)
    planted.chmod(0o777)

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    for name in ("lalr-lark{}-py{}{}.cache".format(lark.__version__, *sys.version_info[:2]), "anything.cache"):
        (planted / name).write_bytes(pickle.dumps(Exploit()))
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(cache)}
    env.pop("RUBRICDSL_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['# kept']"
    assert not marker.exists()
    assert not home.exists()  # a missing $HOME is never created
    assert sorted(path.name for path in planted.iterdir()) == sorted(
        ["lalr-lark{}-py{}{}.cache".format(lark.__version__, *sys.version_info[:2]), "anything.cache"]
    )
