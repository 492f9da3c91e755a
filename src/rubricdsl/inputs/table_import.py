"""``rubric import``: an existing indicator table (.xlsx or .docx) into a draft rubric to review.

The table is read as a grid in which every cell knows the merged range it belongs to.  The header row is
the one with ``N级指标`` columns and 评价标准; a level's points are in the first 分值 column to its right.  On
each row, the distinct merged ranges of the level columns, left to right, are the enclosing sections and,
last, the indicator (an indicator spanning the level columns it lacks is one range).  Rows up to 合计 are
indicators.

Every indicator keeps its 评价标准 as ``standard``.  Phrasings the cookbook knows get a proposed rule and a
``# review`` comment: 是/否 (``是，计1分；否，计0分``), a checklist (``A（1分）；B（2分）``), bands
(``≥90%，计5分；≥80%，计3分；其他情况计0分`` or ``90%以上（5分）；80%以上不满90%（3分）…``) and 每少/每高出…扣…分.
Everything else is ``judged`` on a placeholder fact, with a comment.  The draft always compiles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rubricdsl.inputs.files import FactsFileError
from rubricdsl.inputs.spreadsheet import MAX_SPREADSHEET_BYTES, MissingExtra, _fail, normalise, require_openpyxl

_LEVEL = re.compile(r"^([一二三四五六七八九十]|\d+)级指标(名称)?$")
STANDARD_HEADERS = ("评价标准", "评分标准", "评分细则", "评分办法", "计分方法", "评分方法", "评价要点")


def _is_points_header(title: str) -> bool:
    """分值, 分值（分）, 权重, 标准分, 满分: the column of an indicator's points."""
    return title.startswith("分值") or title in ("权重", "权重分", "标准分", "满分", "分数")


def _is_standard_header(title: str) -> bool:
    return any(title.startswith(word) for word in STANDARD_HEADERS)


_NUMBER = r"(\d+(?:\.\d+)?)"


@dataclass
class Grid:
    """Cell texts, and for each cell the key of the merged range it belongs to (its top-left cell)."""

    texts: list[list[str]]
    keys: list[list[tuple[int, int]]]
    title: str = ""


@dataclass
class Node:
    label: str
    points: Decimal | None  # None until filled: a section without points gets its children's sum
    standard: str = ""
    children: list[Node] = field(default_factory=list)
    indicator: bool = False
    points_from_children: bool = False


def read_grid(path: Path) -> Grid:
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_SPREADSHEET_BYTES:
        raise _fail(
            f"the file is larger than {MAX_SPREADSHEET_BYTES} bytes", f"文件超过 {MAX_SPREADSHEET_BYTES} 字节的上限"
        )
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_grid(path)
    if suffix == ".docx":
        return _docx_grid(path)
    raise _fail("an indicator table is .xlsx or .docx", "指标表应为 .xlsx 或 .docx 文件")


def _xlsx_grid(path: Path) -> Grid:
    require_openpyxl()
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except Exception:  # a damaged or non-xlsx file: openpyxl raises many unrelated types
        raise _fail("not an .xlsx workbook, or a damaged one", "不是有效的 .xlsx 工作簿（或文件已损坏）") from None
    sheet = workbook.worksheets[0]
    rows, columns = sheet.max_row, sheet.max_column
    if rows * columns > 200_000:
        raise _fail("the table is too large for an indicator table", "表格过大，不像是指标表")
    texts = [[_text(sheet.cell(r, c).value) for c in range(1, columns + 1)] for r in range(1, rows + 1)]
    keys = [[(r, c) for c in range(columns)] for r in range(rows)]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                keys[r][c] = (top, left)
                texts[r][c] = texts[top][left]
    return Grid(texts, keys)


def _docx_grid(path: Path) -> Grid:
    try:
        import docx
    except ImportError:
        raise MissingExtra("word") from None
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx's errors for a damaged or non-docx file share no base
        raise _fail("not a .docx document, or a damaged one", "不是有效的 .docx 文档（或文件已损坏）") from None
    tables = [
        table
        for table in document.tables
        if table.rows and any(_is_standard_header(normalise(cell.text)) for row in table.rows[:3] for cell in row.cells)
    ]
    if not tables and not document.tables:
        raise _fail("the document has no table", "文档中没有表格")
    table = (tables or document.tables)[0]
    texts: list[list[str]] = []
    keys: list[list[tuple[int, int]]] = []
    first_seen: dict[Any, tuple[int, int]] = {}  # keyed by the cell element itself, which the dict keeps alive
    for r, row in enumerate(table.rows):
        texts.append([])
        keys.append([])
        for c, cell in enumerate(row.cells):  # python-docx repeats a merged cell in every grid slot it covers
            key = first_seen.setdefault(cell._tc, (r, c))
            texts[-1].append(cell.text.strip())
            keys[-1].append(key)
    width = max((len(row) for row in texts), default=0)
    for r, row in enumerate(texts):  # a row with fewer cells (gridBefore/gridAfter) is padded with blanks
        keys[r] += [(r, c) for c in range(len(row), width)]
        row += [""] * (width - len(row))
    title = next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")
    return Grid(texts, keys, title)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace("分", "").strip())
    except InvalidOperation:
        return None


def read_table(grid: Grid) -> tuple[str, Decimal | None, list[Node]]:
    """(title, 合计 points or None, the top-level nodes)."""
    header_at = next(
        (
            index
            for index, row in enumerate(grid.texts[:20])
            if any(_LEVEL.match(normalise(cell)) for cell in row)
            and any(_is_standard_header(normalise(c)) for c in row)
        ),
        None,
    )
    if header_at is None:
        raise FactsFileError(
            _fail("no header row with 一级指标 … and 评价标准", "没有找到含“一级指标”等和“评价标准”的表头行").diagnostic
        )
    header = [normalise(cell) for cell in grid.texts[header_at]]
    levels = [c for c, title in enumerate(header) if _LEVEL.match(title)]
    standard_column = next(c for c, title in enumerate(header) if _is_standard_header(title))
    title = grid.title or next((row[0] for row in grid.texts[:header_at] if row and row[0]), "")
    roots: list[Node] = []
    open_sections: dict[tuple[int, int], Node] = {}
    above: dict[int, tuple[int, int]] = {}  # per level column: the range of the last row that had one
    full: Decimal | None = None
    for r in range(header_at + 1, len(grid.texts)):
        row, keys = grid.texts[r], grid.keys[r]
        if normalise(row[0]) in ("合计", "总计", "总分"):
            numbers = [_decimal(cell) for c, cell in enumerate(row) if _is_points_header(header[c]) and cell]
            full = next((number for number in numbers if number is not None), None)
            break
        first = next((c for c in levels if row[c]), None)
        if first is None:
            continue
        ranges: list[tuple[tuple[int, int], int]] = []
        for c in levels:
            if row[c]:
                key = keys[c]
                above[c] = key
            elif c < first and c in above:
                key = above[c]  # a section cell left blank below its first row, not merged: it continues
            else:
                continue
            if not ranges or ranges[-1][0] != key:
                ranges.append((key, c))
        parent: Node | None = None
        for depth, (key, column) in enumerate(ranges):
            at_row, at_column = key
            text = grid.texts[at_row][at_column]
            points_column = _points_column(header, grid.keys[at_row], column, levels)
            points = _decimal(grid.texts[at_row][points_column]) if points_column is not None else None
            label, written = _label_and_points(text)
            points = points if points is not None else written
            if depth == len(ranges) - 1:
                node = Node(label, points, row[standard_column], indicator=True)
            elif key in open_sections:
                parent = open_sections[key]
                continue
            else:
                node = Node(label, points)
                open_sections[key] = node
            (parent.children if parent is not None else roots).append(node)
            parent = node
    for node in roots:
        _fill_points(node)
    return title, full, roots


_POINTS_IN_LABEL = re.compile(rf"^(?P<label>.*?)[(（]\s*{_NUMBER}\s*分\s*[)）]$")


def _label_and_points(text: str) -> tuple[str, Decimal | None]:
    """``项目决策（30分）``: a label that carries its points, as tables without a 分值 column write them."""
    label = " ".join(text.split())
    found = _POINTS_IN_LABEL.match(label)
    if found is None:
        return label, None
    return found["label"].strip(), Decimal(found[2])


def _fill_points(node: Node) -> Decimal:
    """A section whose points the table does not give has the sum of its children's."""
    if node.indicator:
        return _points(node)
    total = sum((_fill_points(child) for child in node.children), start=Decimal(0))
    if node.points is None:
        node.points = total
        node.points_from_children = True
    return node.points


def _points_column(header: list[str], keys: list[tuple[int, int]], column: int, levels: list[int]) -> int | None:
    """The 分值 column of the level cell at ``column``: the first one to its right, outside its merged range
    (an indicator spanning the level columns it lacks covers their 分值 columns too) and before the next
    level column it does not cover (a section has no points of its own when only the indicators have a 分值)."""
    key = keys[column]
    following = [c for c in levels if c > column and keys[c] != key]
    limit = following[0] if following else len(header)
    return next((d for d in range(column + 1, limit) if _is_points_header(header[d]) and keys[d] != key), None)


# ---- the draft rubric ------------------------------------------------------------------------------------


@dataclass
class _Draft:
    facts: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    proposed: int = 0
    judged: int = 0


def _quoted(text: str) -> str:
    """A label as a rubric string: one line, no straight double quote (the language has no escapes)."""
    return '"' + " ".join(text.split()).replace('"', "”") + '"'


def _points(node: Node) -> Decimal:
    return node.points if node.points is not None else Decimal(0)


def _num(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def draft_rubric(
    title: str, full: Decimal | None, roots: list[Node], rubric_id: str, source: str
) -> tuple[str, _Draft]:
    draft = _Draft()
    total = full if full is not None else sum((_points(node) for node in roots), start=Decimal(0))
    counter = [0, 0]

    def emit(node: Node, indent: str, path: str) -> None:
        if node.indicator:
            counter[1] += 1
            _indicator(draft, node, f"i{counter[1]}", indent)
            return
        counter[0] += 1
        ident = f"s{path}"
        if node.points_from_children:
            draft.body.append(f"{indent}# review: the table gives no points for this section; the sum of its parts")
        draft.body.append(f"{indent}section {ident} {_quoted(node.label)} {_num(_points(node))} {{")
        for index, child in enumerate(node.children, start=1):
            emit(child, indent + "  ", f"{path}_{index}")
        draft.body.append(f"{indent}}}")

    for index, node in enumerate(roots, start=1):
        emit(node, "", str(index))
    head = [
        f"# Imported by `rubric import` from {source}: a draft to review, not a finished rubric.",
        f"# {draft.proposed} rule(s) proposed from the 评价标准 wording (marked `# review`); {draft.judged} indicator(s)",
        "# are `judged` on a placeholder fact until their rule is written.",
        "",
        f"rubric {rubric_id} {_quoted(title or rubric_id)} {_num(total)}",
        "",
        *draft.facts,
        "",
        *draft.body,
    ]
    return "\n".join(head) + "\n", draft


_YES_NO = re.compile(rf"^(?:(?P<what>.+?)[：:])?是[，,]计{_NUMBER}分[；;]否[，,]计{_NUMBER}分[。.]?$")
_ITEM = re.compile(rf"^(?P<what>.+?)[（(]{_NUMBER}分[）)]$")
_UNIT = r"(?P<unit>人次|次|家|个|项|人|场|户|份|天|%)?"
_BAND_SENTENCE = re.compile(
    rf"^(?P<what>[^≥≤<>]*?)(?P<op>≥|>|≤|<)(?P<value>{_NUMBER}){_UNIT}[，,]?计(?P<points>{_NUMBER})分$"
)
_OTHERWISE = re.compile(rf"^(?:其他情况|否则|其余|否)[，,]?计{_NUMBER}分$|^否则不(?:计|得)分$")
_BAND_WORDS = re.compile(rf"^(?P<low>{_NUMBER}%?)以上(?:不满{_NUMBER}%?)?[（(]{_NUMBER}分[）)]$")
_BELOW_WORDS = re.compile(rf"^不满{_NUMBER}%?[（(]{_NUMBER}分[）)]$")
_CN_DIGITS = {
    "一": "1",
    "两": "2",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_DEDUCT = re.compile(
    rf"^(?P<what>[^≥≤]*?)(?P<op>≥|≤)(?P<threshold>{_NUMBER}){_UNIT}[，,]?计(?P<base>{_NUMBER})分[；;，,]"
    rf"每(?P<dir>少|低于|下降|减少|高出|上升|超过|增加)(?P<step>{_NUMBER}%?)?(?:人次|次|家|个|项|人|场|户|份|天)?"
    rf"扣(?P<rate>{_NUMBER})分"
)
_COUNT_UNITS = frozenset({"人次", *"次家个项人场户份天"})


def _arabic(text: str) -> str:
    """每少一次扣一分: the single Chinese numerals the tables use, as digits."""
    return re.sub(
        r"(?<=[每扣少])([一二两三四五六七八九])(?=[次家个项人场户份天分%]|扣)", lambda m: _CN_DIGITS[m[1]], text
    )


_OPS = {"≥": ">=", ">": ">", "≤": "<=", "<": "<"}


def _indicator(draft: _Draft, node: Node, ident: str, indent: str) -> None:
    lines = [] if node.points is not None else [f"{indent}# TODO: the table gives no points for this indicator"]
    lines.append(f"{indent}indicator {ident} {_quoted(node.label)} {_num(_points(node))} {{")
    standard = " ".join(node.standard.split())
    if standard:
        lines.append(f"{indent}  standard {_quoted(standard)}")
    rule = _propose(draft, node, ident, standard)
    if rule is None:
        draft.judged += 1
        draft.facts.append(f'fact {ident}_score "{" ".join(node.label.split()).replace(chr(34), "”")}得分": number')
        lines.append(f"{indent}  # TODO: write the rule for this 评价标准; scored by an evaluator until then")
        lines.append(f"{indent}  judged {ident}_score")
    else:
        draft.proposed += 1
        lines.append(f"{indent}  # review: proposed from the 评价标准 wording")
        lines.append(f"{indent}  {rule}")
    lines.append(f"{indent}}}")
    draft.body.extend(lines)


def _propose(draft: _Draft, node: Node, ident: str, standard: str) -> str | None:
    """A rule for the phrasings the cookbook knows, with the facts it reads added to the draft; or None."""
    clean = standard.rstrip("。.")
    found = _YES_NO.match(standard)
    if found:
        what = found["what"] or node.label
        draft.facts.append(f"fact {ident}_met {_quoted(what)}: bool")
        return f"when {ident}_met -> {found[2]}; else {found[3]}"
    parts = [part.strip() for part in re.split(r"[；;]", clean) if part.strip()]
    items = [_ITEM.match(part) for part in parts]
    if parts and all(items) and sum(Decimal(item[2]) for item in items if item) == node.points:
        entries = []
        for number, item in enumerate(items, start=1):
            assert item is not None
            draft.facts.append(f"fact {ident}_{number} {_quoted(item['what'])}: bool")
            entries.append(f"{ident}_{number} -> {item[2]} {_quoted(item['what'])}")
        return "checklist: " + "; ".join(entries)
    deduct = _DEDUCT.match(_arabic(clean))
    if deduct:
        unit = deduct["unit"] or ""
        kind = "percent" if unit == "%" else "count" if unit in _COUNT_UNITS else "number"
        draft.facts.append(f"fact {ident}_value {_quoted(deduct['what'] or node.label)}: {kind}")
        above = deduct["op"] == "≤"
        threshold = deduct["threshold"] + ("%" if unit == "%" else "")
        step = deduct["step"] or ""
        if step and unit == "%" and not step.endswith("%"):
            step += "%"
        if step == "1" and kind == "count" and not above:
            step = ""  # 每少一次: one missing unit
        per = f"per {step}" if step else ("per 1" if above else "per missing")
        mode = ""  # unstated unless the words say it: `rubric lint` then asks the reviewer (unstated-step-mode)
        if "按比例" in clean:
            mode = ", pro rata"
        elif "满一档扣一次" in clean:
            mode = ", whole steps"
        elif "不足一档按一档" in clean:
            mode = ", started steps"
        cap = re.search(rf"最(?:多|高)扣{_NUMBER}分", clean)
        mode += f", cap {cap[1]}" if cap else ""
        return (
            f"deduct {ident}_value: base {deduct['base']}, -{deduct['rate']} {per} "
            f"{'above' if above else 'below'} {threshold}{mode}"
        )
    parts = [part.strip() for part in re.split(r"[；;]", re.sub(r"[，,](?=否)", "；", clean)) if part.strip()]
    return _bands(draft, node, ident, parts)


def _bands(draft: _Draft, node: Node, ident: str, parts: list[str]) -> str | None:
    bands: list[str] = []
    otherwise: str | None = None
    subject = ""
    percent = False
    for part in parts:
        sentence, words, below, rest = (
            _BAND_SENTENCE.match(part),
            _BAND_WORDS.match(part),
            _BELOW_WORDS.match(part),
            _OTHERWISE.match(part),
        )
        if sentence:
            subject = subject or sentence["what"]
            unit = sentence["unit"] or ""
            percent = percent or unit == "%"
            value = sentence["value"] + ("%" if unit == "%" else "")
            bands.append(f"{_OPS[sentence['op']]}{value} -> {sentence['points']}")
        elif words:
            percent = percent or words["low"].endswith("%")
            bands.append(f">={words['low']} -> {words[4]}")
        elif below and bands:
            otherwise = below[2]
        elif rest and bands:
            otherwise = rest[1] or "0"
        else:
            return None
    if not bands:
        return None
    draft.facts.append(f"fact {ident}_value {_quoted(subject or node.label)}: {'percent' if percent else 'number'}")
    return f"score {ident}_value: " + "; ".join(bands) + f"; else {otherwise if otherwise is not None else '0'}"


def import_table(path: Path, rubric_id: str) -> tuple[str, int, int]:
    """(draft rubric text, rules proposed, indicators judged) for the indicator table at ``path``."""
    title, full, roots = read_table(read_grid(path))
    if not roots:
        raise FactsFileError(_fail("the table has no indicator rows", "表格中没有指标行").diagnostic)
    text, draft = draft_rubric(title, full, roots, rubric_id, path.name)
    return text, draft.proposed, draft.judged
