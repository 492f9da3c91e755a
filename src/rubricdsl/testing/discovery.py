"""Finding test cases: which facts files belong to which rubric.

A case is a facts file: ``*.facts.json``, ``*.facts.yaml``, ``*.facts.yml``, or any JSON or YAML file with a
``$rubric`` key.  Its rubric is the one its ``$rubric`` key names (a path relative to the facts file), else
``NAME.rubric`` in the same folder where the file's name starts with ``NAME`` (the longest such name wins:
``seed-2.facts.json`` belongs to ``seed.rubric``, or to ``seed-2.rubric`` when there is one).  Folders are walked in sorted order, skipping
hidden folders (``.git``, ``.venv``) and ``__pycache__``/``node_modules``, so the order of the report is
stable.  A facts file with no rubric is reported (T504) rather than skipped silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rubricdsl.diagnostics import Diagnostic, Severity, messages
from rubricdsl.inputs.files import FactsFileError, read_facts_file

FACTS_SUFFIXES = (".facts.json", ".facts.yaml", ".facts.yml")
_DATA_SUFFIXES = (".json", ".yaml", ".yml")
RUBRIC_SUFFIX = ".rubric"
RUBRIC_KEY = "$rubric"
_SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})


@dataclass
class Suite:
    """One rubric and its cases, in the order they were found."""

    rubric: Path
    cases: list[Path] = field(default_factory=list)


@dataclass
class Discovery:
    suites: list[Suite] = field(default_factory=list)
    # (facts file, problem): T504 warnings (no rubric) and T503 errors (`$rubric` names no file)
    problems: list[tuple[Path, Diagnostic]] = field(default_factory=list)

    def suite(self, rubric: Path) -> Suite:
        key = _key(rubric)
        for found in self.suites:
            if _key(found.rubric) == key:
                return found
        made = Suite(rubric)
        self.suites.append(made)
        return made

    def add(self, rubric: Path, facts: Path) -> None:
        suite = self.suite(rubric)
        if all(_key(case) != _key(facts) for case in suite.cases):
            suite.cases.append(facts)

    @property
    def case_count(self) -> int:
        return sum(len(suite.cases) for suite in self.suites)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def is_facts_file(path: Path) -> bool:
    return path.name.lower().endswith(FACTS_SUFFIXES)


def _facts_stem(path: Path) -> str:
    name = path.name
    lowered = name.lower()
    for suffix in FACTS_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def named_rubric(facts: Path) -> Path | None:
    """The rubric the file's ``$rubric`` names (it may not exist), or None when it names none.

    A file that cannot be read names none here; running the case reports why it cannot be read.
    """
    try:
        data = read_facts_file(facts)
    except (FactsFileError, OSError):
        return None
    if not isinstance(data, dict):
        return None
    named = data.get(RUBRIC_KEY)
    if not isinstance(named, str) or not named.strip():
        return None
    return Path(os.path.normpath(facts.parent / named.strip()))


def sibling_rubric(facts: Path) -> Path | None:
    """``NAME.rubric`` beside ``facts`` with the longest ``NAME`` that the facts file's name starts with."""
    stem = _facts_stem(facts)
    best: Path | None = None
    try:
        entries = sorted(facts.parent.iterdir())
    except OSError:
        return None
    for entry in entries:
        if not entry.name.endswith(RUBRIC_SUFFIX) or not entry.is_file():
            continue
        name = entry.name[: -len(RUBRIC_SUFFIX)]
        if name and stem.startswith(name) and (best is None or len(name) > len(best.name) - len(RUBRIC_SUFFIX)):
            best = entry
    return best


def place_facts(facts: Path, found: Discovery) -> None:
    """Add ``facts`` to the suite of its rubric, or record why it has none."""
    named = named_rubric(facts)
    if named is not None:
        if named.is_file():
            found.add(named, facts)
        else:
            found.problems.append((facts, messages.make("T503", None, path=named.as_posix(), subject=RUBRIC_KEY)))
        return
    sibling = sibling_rubric(facts)
    if sibling is not None:
        found.add(sibling, facts)
    else:
        found.problems.append((facts, messages.make("T504", None, severity=Severity.WARNING)))


def walk(folder: Path) -> Iterable[Path]:
    """Facts files under ``folder``, in sorted order, skipping hidden and tool folders: every
    ``*.facts.json|yaml|yml``, and any other ``.json``/``.yaml``/``.yml`` file that names its rubric with
    ``$rubric`` (other JSON and YAML files, such as CI configuration, are not facts files)."""
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
        base = Path(root)
        for name in sorted(files):
            path = base / name
            if is_facts_file(path) or (name.lower().endswith(_DATA_SUFFIXES) and named_rubric(path) is not None):
                yield path


def discover(paths: Iterable[Path]) -> Discovery:
    """The suites under ``paths``: folders are walked, a facts file finds its rubric, a rubric takes the
    facts files beside it that belong to it."""
    found = Discovery()
    for path in paths:
        if path.is_dir():
            for facts in walk(path):
                place_facts(facts, found)
        elif path.name.endswith(RUBRIC_SUFFIX):
            suite = found.suite(path)
            beside = Discovery()
            for facts in sorted(path.parent.iterdir()):
                if is_facts_file(facts) and facts.is_file():
                    place_facts(facts, beside)
            for other in beside.suites:
                if _key(other.rubric) == _key(path):
                    for case in other.cases:
                        if all(_key(case) != _key(known) for known in suite.cases):
                            suite.cases.append(case)
        else:
            place_facts(path, found)
    return found


def explicit(rubric: Path, facts: Iterable[Path]) -> Discovery:
    """``rubric test RUBRIC FACTS…``: exactly these cases, whatever their names or ``$rubric`` say."""
    found = Discovery()
    suite = found.suite(rubric)
    for path in facts:
        if all(_key(path) != _key(known) for known in suite.cases):
            suite.cases.append(path)
    return found
