"""The draft rubric ``rubric import`` writes from an indicator table's tree: sections and indicators with
their points and standard text, and for each 评价标准 in a phrasing the cookbook knows a proposed rule (marked
``# review``), else ``judged`` on a placeholder fact with a ``# TODO``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rubricdsl.inputs.table_import import Node, points_of

_NUMBER = r"(\d+(?:\.\d+)?)"


@dataclass
class _Draft:
    facts: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    proposed: int = 0
    judged: int = 0


def _quoted(text: str) -> str:
    """A label as a rubric string: one line, no straight double quote (the language has no escapes)."""
    return '"' + " ".join(text.split()).replace('"', "”") + '"'


def _num(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def draft_rubric(
    title: str, full: Decimal | None, roots: list[Node], rubric_id: str, source: str
) -> tuple[str, _Draft]:
    draft = _Draft()
    total = full if full is not None else sum((points_of(node) for node in roots), start=Decimal(0))
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
        draft.body.append(f"{indent}section {ident} {_quoted(node.label)} {_num(points_of(node))} {{")
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
    lines.append(f"{indent}indicator {ident} {_quoted(node.label)} {_num(points_of(node))} {{")
    standard = " ".join(node.standard.split())
    if standard:
        lines.append(f"{indent}  standard {_quoted(standard)}")
    if node.target.strip():
        lines.append(f"{indent}  {target_line(node.target)}")
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


_TARGET = re.compile(
    rf"^(?P<op>≥|>=|≤|<=|>|<|=|＝)?\s*(?P<value>{_NUMBER})\s*(?:(?P<unit>%|％|万元|元)|(?P<count>人次|次|家|个|项|人|场|户|份|天|期|篇|所))?$"
)
_TARGET_OPS = {"≥": ">= ", ">=": ">= ", "≤": "<= ", "<=": "<= ", ">": "> ", "<": "< ", "=": "", "＝": ""}


def target_line(text: str) -> str:
    """``target …`` for a 年度指标值 cell: a value (with its comparison and unit) when it is one, else the
    text as a descriptive target (``500人次``, ``有效提升``), shown in the tables and never computed with."""
    written = " ".join(text.split())
    found = _TARGET.match(written)
    if found is None:
        return f"target {_quoted(written)}"
    unit = "%" if found["unit"] == "％" else found["unit"] or ""
    counted = f"  # {found['count']}" if found["count"] else ""  # a count's unit, kept for the reviewer
    return f"target {_TARGET_OPS.get(found['op'] or '=', '')}{found['value']}{unit}{counted}"


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
