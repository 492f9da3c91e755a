"""The tables as Markdown (GitHub's pipe tables).  Markdown has no merged cells: a section's label and points
appear on the first row of its block and the rows below leave them empty, as the merged cells read."""

from __future__ import annotations

from rubricdsl.outputs.tables import IndicatorTable, status_text
from rubricdsl.results.display import number_text


def _cell(text: str) -> str:
    """A cell's text on one line, with the pipe escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def table_markdown(table: IndicatorTable) -> str:
    headers = table.headers()
    lines = [f"# {_cell(table.title)}", "", f"## {_cell(table.subtitle)}", ""]
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "|".join("---:" if title in ("分值", "得分") else "---" for title in headers) + "|")
    for row in table.rows:
        cells: list[str] = []
        for level in range(table.levels):
            section = row.sections[level] if level < row.depth else None
            cells += [_cell(section.label), number_text(section.points)] if section is not None else ["", ""]
        if row.depth < table.levels:  # the indicator stands at its own level; deeper columns stay empty
            cells[2 * row.depth] = _cell(row.label)
            cells += ["", number_text(row.points)]
        else:
            cells += [_cell(row.label), number_text(row.points)]
        cells.append(_cell(row.standard))
        if table.targets:
            cells.append(_cell(row.target))
        if table.scored:
            score = number_text(row.score) if row.score is not None else status_text(row)
            cells += [_cell(row.actual), score, _cell(row.reason)]
        lines.append("| " + " | ".join(cells) + " |")
    total = ["合计"] + [""] * (2 * table.levels) + [number_text(table.maximum), ""] + [""] * table.targets
    if table.scored:
        verdict = (f"等级：{table.grade}" if table.grade else "") if table.complete else "评分未完成，合计不是最终结果"
        total += ["", number_text(table.total) if table.total is not None else "", verdict]
    lines.append("| " + " | ".join(total) + " |")
    lines += ["", table.footer(), ""]
    return "\n".join(lines)
