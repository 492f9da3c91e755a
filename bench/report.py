"""Write one section of bench/results.md, leaving the sections other scripts wrote alone."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
_ORDER = (
    "machine",
    "throughput",
    "startup",
    "scaling",
    "front_end_commits",
    "batch",
    "batch_jobs",
    "json_encode",
    "sql_ir",
    "sql_rounds",
    "sql_instructions",
    "notes",
)


def machine() -> str:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{cores} cores (`nproc`), {cpu}, Python {platform.python_version()} ({sys.implementation.name}), {platform.system()}"


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_section(name: str, body: str) -> None:
    """Replace the ``name`` section of results.md (between its markers) with ``body``."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# rubricdsl benchmark results\n"
    block = f"<!-- {name} -->\n{body.rstrip()}\n<!-- /{name} -->"
    pattern = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        sections = {other: re.search(rf"<!-- {other} -->.*?<!-- /{other} -->", text, re.DOTALL) for other in _ORDER}
        later = [match for other, match in sections.items() if match and _ORDER.index(other) > _ORDER.index(name)]
        if later:
            at = min(match.start() for match in later)
            text = text[:at] + block + "\n\n" + text[at:]
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def extract_commit(commit: str, into: Path) -> Path:
    """The ``src`` (and the ``grammar`` its symlink reads) of this repository's ``commit``, in ``into``: the
    baseline a benchmark compares this checkout with."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(RESULTS.parent.parent), "archive", commit, "src", "grammar"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"
