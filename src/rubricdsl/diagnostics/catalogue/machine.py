"""The catalogue's E5xx: what this machine lacks for a command."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
    # --- E5xx: what this machine lacks for a command (an optional extra, a browser) ------------------
    "E501": Entry(
        "missing-extra",
        "this needs an optional part of rubricdsl that is not installed",
        "此功能需要 rubricdsl 的可选组件，但尚未安装",
        "install it with: pip install 'rubricdsl[{extra}]'",
        "请先安装：pip install 'rubricdsl[{extra}]'",
    ),
    "E502": Entry(
        "no-browser",
        "PDF output needs Chromium, which was not found",
        "生成 PDF 需要 Chromium 浏览器，但未找到",
        "install it (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or set RUBRIC_CHROMIUM to its path; {detail}",
        "请先安装（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），或用 RUBRIC_CHROMIUM 指明其路径；{detail_zh}",
    ),
    "F413": Entry(
        "duplicate-key",
        "the key `{name}` is given twice ({lines}), so which value is meant is unclear",
        "键 `{name}` 出现了两次（{lines_zh}），无法确定应采用哪个值",
        "keep one of them; the file is not read until then",
        "请只保留其中一个；修改之前不会读取该文件",
    ),
    "F412": Entry(
        "more-unknown-facts",
        "{count} more keys are not facts of this rubric ({examples})",
        "另有 {count} 个键不是本评分规则的事实（{examples}）",
        "only the first {listed} unknown keys are listed one by one; check that the facts file belongs to this rubric",
        "上面只逐个列出前 {listed} 个未知的键；请确认事实文件与评分规则是对应的",
    ),
}
