"""The HTML report as a person sees it: rendered by a real headless Chromium (Debian's package, installed by
.ci/browser.sh) to a PNG the size of an A4 page at 96 dpi, and printed to PDF.

Checked: the screenshot is not blank and nothing reaches the right edge (the table fits the page width); the
page's laid-out width (measured by the browser) is not wider than the A4 window; every indicator row is in
the rendered DOM; the PDF's pages are A4.  Screenshots are kept in tests/artifacts/screenshots (or
$CI_ARTIFACTS/screenshots) to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from tests.conftest import SEED_FACTS, SEED_RUBRIC, read_json

A4_WIDTH, A4_HEIGHT = 794, 1123  # CSS pixels of an A4 page at 96 dpi
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("CI_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts")) / "screenshots"

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must have Chromium: .ci/browser.sh installs it")  # never skipped in CI
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium here; run .ci/browser.sh to install it")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={A4_WIDTH},{A4_HEIGHT}",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


def _report(tmp_path: Path, **changes: object) -> Path:
    facts = read_json(SEED_FACTS) | changes
    facts_path = tmp_path / "facts.json"
    facts_path.write_text(__import__("json").dumps(facts, ensure_ascii=False, default=str), encoding="utf-8")
    out = tmp_path / "report.html"
    run = CliRunner().invoke(app, ["report", str(SEED_RUBRIC), str(facts_path), "-o", str(out)])
    assert run.exit_code in (0, 1), run.output
    return out


def _png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit truecolour PNG, unfiltered."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for index in range(height):
        start = index * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + nearest[2]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


def _ink(pixel: bytes) -> bool:
    return min(pixel[:3]) < 200  # darker than a light grey: text or a border


@pytest.mark.parametrize("case", ["blank-table", "full-marks", "deductions", "incomplete"])
def test_report_renders_on_an_a4_page(tmp_path: Path, case: str) -> None:
    if case == "blank-table":
        page = tmp_path / "table.html"
        assert CliRunner().invoke(app, ["table", str(SEED_RUBRIC), "-o", str(page)]).exit_code == 0
    else:
        changes = {
            "full-marks": {},
            "deductions": {"activities": 9, "admin_expense": 32500},
            "incomplete": {"satisfaction": None},
        }[case]
        page = _report(tmp_path, **changes)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"seed-{case}.png"
    done = _chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    width, channels, rows = _png_pixels(shot)
    assert width == A4_WIDTH and len(rows) == A4_HEIGHT
    inked_rows = [row for row in rows if any(_ink(row[i : i + channels]) for i in range(0, len(row), channels))]
    assert len(inked_rows) > A4_HEIGHT // 3, "the page is (nearly) blank"
    right_edge = [row[(width - 12) * channels :] for row in rows]
    assert not any(_ink(edge[i : i + channels]) for edge in right_edge for i in range(0, len(edge), channels)), (
        "something reaches the right edge of the A4 page: the table is too wide"
    )


def test_the_laid_out_page_fits_the_a4_width_and_shows_every_row(tmp_path: Path) -> None:
    page = _report(tmp_path, activities=9)
    measured = tmp_path / "measured.html"
    probe = (
        "<script>document.addEventListener('DOMContentLoaded', () => {"
        "document.body.setAttribute('data-width', document.documentElement.scrollWidth);"
        "document.body.setAttribute('data-rows', document.querySelectorAll('tr[data-indicator]').length);});"
        "</script></body>"
    )
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8")
    done = _chromium(tmp_path, "--dump-dom", measured.as_uri())
    found = re.search(r'data-width="(\d+)" data-rows="(\d+)"', done.stdout)
    assert found is not None, done.stderr[-2000:]
    assert int(found[1]) <= A4_WIDTH
    assert int(found[2]) == len(rubricdsl.load(SEED_RUBRIC).checked.indicators) == 21


def test_the_report_prints_on_a4(tmp_path: Path) -> None:
    page = _report(tmp_path)
    pdf = tmp_path / "report.pdf"
    done = _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert pdf.is_file(), done.stderr[-2000:]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 is 595.28 × 841.89 points
        assert abs(float(width) - 595.28) < 1.5 and abs(float(height) - 841.89) < 1.5, (width, height)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "seed-report.pdf")


@pytest.mark.parametrize("command", ["table", "report"])
def test_pdf_output_is_printed_by_chromium_on_a4(tmp_path: Path, command: str) -> None:
    out = tmp_path / f"{command}.pdf"
    facts = [str(SEED_FACTS)] if command == "report" else []
    run = CliRunner().invoke(app, [command, str(SEED_RUBRIC), *facts, "-o", str(out)])
    assert run.exit_code == 0, run.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page\b", data)
    assert 1 <= len(pages) <= 6
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(abs(float(w) - 595.28) < 1.5 and abs(float(h) - 841.89) < 1.5 for w, h in boxes)
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # the usual permissions, not mkstemp's
