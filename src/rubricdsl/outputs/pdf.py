"""PDF from the HTML page, printed by headless Chromium.

Chromium rather than WeasyPrint: the tests already check the page's layout in Chromium (screenshots, the
A4 width), so the PDF is the layout that was checked; it follows the print style sheet (``@page`` A4,
repeated table headers) and shapes CJK text with the system's fonts; and it adds no Python dependency (WeasyPrint
needs Pango and its own CSS subset).  Chromium is found on PATH or at ``RUBRIC_CHROMIUM``; it runs with
networking and extensions off, on a page that has no script and fetches nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from rubricdsl.diagnostics import messages
from rubricdsl.outputs.atomic import save_atomically

TIMEOUT_SECONDS = 120


class NoBrowser(Exception):
    def __init__(self, detail: str, detail_zh: str) -> None:
        super().__init__(detail)
        self.diagnostic = messages.make("E502", None, detail=detail, detail_zh=detail_zh)


def find_chromium() -> str | None:
    configured = os.environ.get("RUBRIC_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def write_pdf(html: str, path: Path) -> None:
    browser = find_chromium()
    if browser is None:
        configured = os.environ.get("RUBRIC_CHROMIUM")
        if configured:
            raise NoBrowser(
                f"RUBRIC_CHROMIUM is {configured}, no such file", f"RUBRIC_CHROMIUM 指向的 {configured} 不存在"
            )
        raise NoBrowser("none of chromium, chromium-browser, google-chrome is on PATH", "PATH 中没有 chromium")
    with tempfile.TemporaryDirectory(prefix="rubric-pdf-") as work:
        page = Path(work) / "page.html"
        page.write_text(html, encoding="utf-8")  # a private temporary directory: no reader sees it half-written
        printed = Path(work) / "page.pdf"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={Path(work) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise NoBrowser(f"{browser} did not run: {error}", f"{browser} 无法运行：{error}") from None
        if not printed.is_file() or printed.stat().st_size == 0:
            raise NoBrowser(f"{browser} printed no PDF", f"{browser} 没有生成 PDF")
        save_atomically(path, lambda name: shutil.copyfile(printed, name))
