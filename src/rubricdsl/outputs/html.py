"""The tables and the report as one self-contained HTML page that prints on A4.

No script, no external resource: the style sheet is inline, fonts are named with fallbacks (the reader's
machine supplies them), every piece of rubric or facts text is escaped.  The table header repeats on every
printed page (``thead`` as a table-header-group), rows are not split across pages, and the table is laid
out to the page width (fixed layout, CJK text wraps anywhere), so nothing runs off an A4 sheet.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from rubricdsl.outputs.tables import IndicatorTable, TableRow, lost_by_indicator, status_text
from rubricdsl.results.display import number_text

FONT_STACK = (
    '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "Noto Sans CJK SC", '
    '"Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", serif'
)

STYLE = f"""
@page {{ size: A4; margin: 15mm 12mm; }}
* {{ box-sizing: border-box; }}
html {{ font-family: {FONT_STACK}; font-size: 10.5pt; color: #000; }}
body {{ margin: 0 auto; padding: 8mm; max-width: 210mm; }}
h1 {{ font-size: 15pt; text-align: center; margin: 0 0 2mm; }}
h2 {{ font-size: 12pt; text-align: center; margin: 0 0 4mm; font-weight: normal; }}
h3 {{ font-size: 11pt; margin: 6mm 0 2mm; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
th, td {{ border: 0.75pt solid #000; padding: 1mm 1.2mm; vertical-align: middle; text-align: center;
  overflow-wrap: anywhere; font-size: 8.5pt; line-height: 1.35; }}
th {{ font-size: 8pt; }}
td.text {{ text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
thead {{ display: table-header-group; }}
thead th {{ background: #f2f2f2; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
tr.total td {{ font-weight: bold; }}
.incomplete {{ background: #fff2cc; color: #9c0006; font-weight: bold; }}
.summary p, .summary li {{ font-size: 10pt; line-height: 1.6; }}
footer {{ margin-top: 5mm; font-size: 7.5pt; color: #555; overflow-wrap: anywhere; }}
@media print {{ body {{ padding: 0; max-width: none; }} }}
"""


def _widths(table: IndicatorTable) -> list[float]:
    """Relative column widths: section labels and points narrow, standard and reason wide."""
    widths: list[float] = []
    for _ in range(table.levels):
        widths += [7, 4]
    widths += [9, 4, 16 if table.scored else 30]
    if table.targets:
        widths.append(7)
    if table.scored:
        widths += [10, 5.5, 14]
    return widths


def table_html(table: IndicatorTable) -> str:
    widths = _widths(table)
    total = sum(widths)
    parts = ["<table>", "<colgroup>"]
    parts += [f'<col style="width:{width / total * 100:.2f}%">' for width in widths]
    parts += ["</colgroup>", "<thead><tr>"]
    parts += [f"<th>{escape(title)}</th>" for title in table.headers()]
    parts += ["</tr></thead>", "<tbody>"]
    for row in table.rows:
        parts.append(_row(table, row))
    parts.append(_total_row(table))
    parts += ["</tbody>", "</table>"]
    return "\n".join(parts)


def _row(table: IndicatorTable, row: TableRow) -> str:
    cells: list[str] = []
    for section in row.sections[: row.depth]:
        if section is None:
            continue
        span = f' rowspan="{section.rows}"' if section.rows > 1 else ""
        cells.append(f"<td{span}>{escape(section.label)}</td>")
        cells.append(f'<td class="num"{span}>{number_text(section.points)}</td>')
    columns = 2 * (table.levels - row.depth) + 1
    span = f' colspan="{columns}"' if columns > 1 else ""
    cells.append(f"<td{span}>{escape(row.label)}</td>")
    cells.append(f'<td class="num">{number_text(row.points)}</td>')
    cells.append(f'<td class="text">{escape(row.standard)}</td>')
    if table.targets:
        cells.append(f'<td class="text">{escape(row.target)}</td>')
    if table.scored:
        cells.append(f'<td class="text">{escape(row.actual)}</td>')
        if row.score is not None:
            cells.append(f'<td class="num">{number_text(row.score)}</td>')
        else:
            cells.append(f'<td class="incomplete">{escape(status_text(row))}</td>')
        cells.append(f'<td class="text">{escape(row.reason)}</td>')
    return f'<tr data-indicator="{escape(row.id)}">' + "".join(cells) + "</tr>"


def _total_row(table: IndicatorTable) -> str:
    columns = 2 * table.levels + 1
    cells = [f'<td colspan="{columns}">合计</td>', f'<td class="num">{number_text(table.maximum)}</td>']
    if not table.scored:
        cells.append('<td colspan="2"></td>' if table.targets else "<td></td>")
    else:
        cells.append(f'<td colspan="{3 if table.targets else 2}"></td>')
        total = number_text(table.total) if table.total is not None else ""
        if table.complete:
            cells.append(f'<td class="num">{total}</td>')
            cells.append(f"<td>{escape('等级：' + table.grade if table.grade else '')}</td>")
        else:
            cells.append(f'<td class="num incomplete">{total}</td>')
            cells.append('<td class="incomplete">评分未完成，合计不是最终结果</td>')
    return '<tr class="total">' + "".join(cells) + "</tr>"


def _page(title: str, body: str, footer: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n<footer>{escape(footer)}</footer>\n</body>\n</html>\n"
    )


def table_page(table: IndicatorTable) -> str:
    """The blank 评价指标表 (or a scored table alone) as a page."""
    body = f"<h1>{escape(table.title)}</h1>\n<h2>{escape(table.subtitle)}</h2>\n{table_html(table)}"
    return _page(f"{table.title} {table.subtitle}", body, table.footer())


def summary_lines(table: IndicatorTable) -> tuple[str, list[str]]:
    """The report's summary: a sentence on the total and grade, and one line per indicator that lost points
    (扣分汇总), most lost first, then each indicator that could not be scored or does not apply."""
    if table.total is None:
        return "", []
    total = number_text(table.total)
    if table.complete:
        head = f"本项目绩效评价得分 {total} 分（满分 {number_text(table.maximum)} 分）"
        head += f"，评价等级为“{table.grade}”。" if table.grade else "。"
    else:
        failed = [row.label for row in table.rows if row.score is None and row.status == "error"]
        why = f"{len(failed)} 项指标未能评分（{'、'.join(failed)}）" if failed else "事实之间不一致或事实有误"
        head = f"评分未完成：{why}，已评分指标合计 {total} 分，不是最终得分，未评定等级。"
    lost = lost_by_indicator(table)
    lines = [
        f"{row.label}（{number_text(row.points)} 分）扣 {number_text(points)} 分：{row.reason}" for row, points in lost
    ]
    for row in table.rows:
        if row.status == "error":
            lines.append(f"{row.label}（{number_text(row.points)} 分）未能评分：{row.reason}")
        elif row.status == "not_applicable":
            lines.append(f"{row.label}（{number_text(row.points)} 分）不适用，不计入合计：{row.reason}")
    if lost:
        sum_lost = sum((points for _, points in lost), start=Decimal(0))
        head += f"各指标共扣 {number_text(sum_lost)} 分，涉及 {len(lost)} 项指标。"
    elif table.complete:
        head += "已评分的各项指标均得满分，无扣分。"
    if table.steps:  # the total is not the plain sum: say how it was reached
        head += "合计得分经过以下处理：" + "；".join(table.steps) + "。"
    if table.checks:  # the rubric's consistency checks: each one that did not hold is a line of its own
        failing = [text for holds, text in table.checks if not holds]
        head += f"一致性检查 {len(table.checks)} 项" + (f"，{len(failing)} 项未通过。" if failing else "，均成立。")
        lines += failing
    if table.record:  # facts kept for the record: shown with the conclusion, scored by nothing
        head += "记录事项：" + "；".join(table.record) + "。"
    return head, lines


def report_page(table: IndicatorTable) -> str:
    """The scored 指标完成情况表 with a short summary, in the register of a 绩效评价报告."""
    head, lines = summary_lines(table)
    summary = [f'<section class="summary">\n<h3>一、评价结论</h3>\n<p>{escape(head)}</p>']
    summary.append("<h3>二、扣分汇总（存在问题）</h3>")
    if lines:
        summary.append("<ol>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ol>")
    else:
        summary.append("<p>无。</p>")
    summary.append("</section>")
    body = (
        f"<h1>{escape(table.title)}</h1>\n<h2>{escape(table.subtitle)}</h2>\n"
        + "\n".join(summary)
        + f"\n<h3>三、{escape(table.subtitle)}</h3>\n{table_html(table)}"
    )
    return _page(f"{table.title} 评价报告", body, table.footer())
