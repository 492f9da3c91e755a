"""Read a 评价标准 text into one reading — a ladder, a deduction, 是/否, a checklist or a ratio — or nothing.

The reader is deliberately narrow: each ``;``/``。`` segment is cut into known tokens (conditions, points,
deductions, caps, 否则, 是/否) and the text between them must be plain words.  A digit, a ``每`` or a scoring
word (扣/得分/分值/酌情/×…) left over means the text says something the reader does not understand, and then it
claims nothing at all: a wrong claim would be a false finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from rubricdsl.lint.standard_text.claims import (
    FULL_MARKS,
    BandClaim,
    ChecklistReading,
    DeductReading,
    LadderReading,
    ProportionalReading,
    Quantity,
    Range,
    Reading,
    YesNoReading,
)
from rubricdsl.lint.standard_text.lexicon import (
    NUMBER,
    PREFIX_WORDS,
    QUANTITY,
    SUFFIX_WORDS,
    SYMBOLS,
    normalise,
    quantity,
)

_UP = ("上升", "超过", "增加", "高于", "高出", "多")
_DOWN = ("下降", "低于", "减少", "降低", "少")
_PREFIX = "|".join(sorted(PREFIX_WORDS, key=len, reverse=True))
_SUFFIX = "|".join(sorted(SUFFIX_WORDS, key=len, reverse=True))
_SYMBOL = "|".join(re.escape(symbol) for symbol in sorted(SYMBOLS, key=len, reverse=True))
_HAN = "含"
# how an end of "A-B" says whether it counts: (含) yes; (不含) or 以上(不含) no
_END = r"\(含\)|以上\(不含\)|\(不含\)"

_TOKEN = re.compile(
    "|".join(
        (
            rf"(?P<deduct>每(?P<dir>{'|'.join(_UP + _DOWN)})(?P<step>{QUANTITY})?,?扣(?:除)?(?P<rate>{NUMBER})分)",
            rf"(?P<cap>(?:最多|最高)扣(?P<cap_a>{NUMBER})分|扣满(?P<cap_b>{NUMBER})分为止)",
            r"(?P<floor>扣完为止|直至扣完|扣完即止|扣完本项分值为止|扣完该项分值为止|扣至0分为止|最低为0分|最低0分|最低为零分)",
            rf"(?P<between>(?P<ba>{QUANTITY})(?P<bo1><=|≤|<)[^\d,;<>=≤≥]+?(?P<bo2><=|≤|<)(?P<bb>{QUANTITY}))",
            rf"(?P<range>(?P<ra>{QUANTITY})(?P<rai>{_END})?[-~至到](?P<rb>{QUANTITY})(?P<rbi>{_END})?)",
            rf"(?P<prefix>(?P<pw>{_PREFIX})(?P<pq>{QUANTITY}))",
            rf"(?P<symbol>(?P<so>{_SYMBOL})(?P<sq>{QUANTITY}))",
            rf"(?P<suffix>(?P<xq>{QUANTITY})(?:\({_HAN}\))?(?P<xw>{_SUFFIX}))",
            r"(?P<zero>不得分|不计分|不给分)",
            r"(?P<full>(?:计|得|记|给)?满分)",
            rf"(?P<points>(?:计|得|记|给)?\(?(?P<pn>{NUMBER})分\)?)",
            r"(?P<otherwise>否则|其他情况|其余情况|其他|其余)",
            r"(?P<yes>(?<![^,:])(?:是|有)(?=[,:]))",
            r"(?P<no>(?<![^,:])(?:否|无)(?=[,:]|计|得|不))",
            rf"(?P<bare>{QUANTITY})",
        )
    )
)
# "专款专用率=专项资金用于该项目支出金额/预算支出资金总额，": a definition of the subject, not a claim.
_DEFINITION = re.compile(r"^[^,;\d]*率=[^,;\d]*/[^,;\d]*,")
# Words that mean scoring the reader did not parse: with one left over, the text claims nothing.
_UNREAD = frozenset(
    [
        "±",
        "×",
        "*",
        "/",
        "酌情",
        "扣",
        "加分",
        "得分",
        "计分",
        "分值",
        "减分",
        "以此类推",
        "每",
        "满分",
        "总分",
        "第",
        "不含",
        "不为",
        "不等于",
    ]
)


@dataclass
class _Group:
    kind: str  # "cond", "else", "yes", "no", "label"
    range: Range | None
    points: Fraction
    text: str


def read_standard(text: str) -> Reading | None:
    """The one reading of ``text``, or ``None`` when any part of it cannot be read with confidence."""
    flat = normalise(text)
    if not flat:
        return None
    if (re.search(r"[×*]", flat) or "的比例计分" in flat) and "/" in flat:
        return _proportional(flat)
    groups: list[_Group] = []
    deducts: list[DeductReading] = []
    caps: list[Fraction] = []
    for segment in filter(None, re.split(r"[;。]|\.(?!\d)", flat)):
        segment = _DEFINITION.sub("", segment)
        if not _segment(segment, groups, deducts, caps):
            return None
    if deducts:
        return _deduction(groups, deducts, caps)
    if caps:
        return None
    kinds = [group.kind for group in groups]
    if sorted(kinds) == ["no", "yes"]:
        yes = next(group for group in groups if group.kind == "yes")
        no = next(group for group in groups if group.kind == "no")
        return YesNoReading(yes.points, no.points, text)
    if kinds and all(kind == "label" for kind in kinds):
        return ChecklistReading(tuple((group.text, group.points) for group in groups))
    if "cond" in kinds and all(kind in ("cond", "else") for kind in kinds):
        bands = [BandClaim(g.range, g.points, g.text) for g in groups]
        if kinds == ["cond"]:
            # "≥120家计15分": one band and nothing else said; the reference reads the rest as 0 (else implicit)
            bands.append(BandClaim(None, Fraction(0), "(否则0分)"))
        return LadderReading(tuple(bands))
    return None


def _segment(segment: str, groups: list[_Group], deducts: list[DeductReading], caps: list[Fraction]) -> bool:
    """Cut one segment into groups; False when something in it is not understood."""
    conds: list[Range] = []
    otherwise = yes = no = False
    start = 0  # where the current group's text starts
    position = 0
    label = ""
    for match in _TOKEN.finditer(segment):
        filler = segment[position : match.start()]
        if re.search(r"\d", filler) or any(word in filler for word in _UNREAD):
            return False
        if conds and re.search("[且或并]", filler):
            return False  # "≥90%且无违规": a second condition the reader does not see
        label += filler
        position = match.end()
        kind = match.lastgroup
        if match["deduct"]:
            found = _deduct(match, segment[start : match.end()].strip(",:"))
            if found is None:
                return False
            deducts.append(found)
        elif match["cap"]:
            caps.append(Fraction(match["cap_a"] or match["cap_b"]))
        elif match["floor"]:
            pass  # every deduction stops at 0: 扣完为止 is what the rule already does
        elif match["otherwise"]:
            otherwise = True
        elif match["yes"]:
            yes = True
        elif match["no"]:
            no = True
        elif match["zero"] or match["full"] or match["points"]:
            points = Fraction(0) if match["zero"] else FULL_MARKS if match["full"] else Fraction(match["pn"])
            group = _group(conds, otherwise, yes, no, groups, label.strip(",:()"), points, segment[start : match.end()])
            if group is None:
                return False
            groups.append(group)
            conds, otherwise, yes, no, label, start = [], False, False, False, "", match.end()
        else:
            found_range = _condition(match, kind)
            if found_range is None:
                return False
            conds.append(found_range)
    tail = segment[position:]
    if re.search(r"\d", tail) or any(word in tail for word in _UNREAD):
        return False
    return not conds and not otherwise and not yes and not no


def _group(
    conds: list[Range],
    otherwise: bool,
    yes: bool,
    no: bool,
    earlier: list[_Group],
    label: str,
    points: Fraction,
    text: str,
) -> _Group | None:
    if sum((bool(conds), otherwise, yes, no)) > 1:
        return None
    if conds:
        merged = _merge(conds)
        return None if merged is None else _Group("cond", merged, points, text)
    if otherwise or (no and earlier and earlier[-1].kind == "cond"):
        return _Group("else", None, points, text)
    if yes or no:
        return _Group("yes" if yes else "no", None, points, text)
    return _Group("label", None, points, label) if label else None


def _condition(match: re.Match[str], kind: str | None) -> Range | None:
    if kind == "between":
        # "80%≤满意度<90%": the subject named between its two bounds
        low, high = quantity(match["ba"]), quantity(match["bb"])
        if low is None or high is None or low.kind != high.kind or low.value >= high.value:
            return None
        return Range(low, match["bo1"] != "<", high, match["bo2"] != "<")
    if kind == "range":
        low, high = quantity(match["ra"]), quantity(match["rb"])
        if low is None or high is None:
            return None
        low, high = _same_unit(low, high), _same_unit(high, low)
        if low.kind != high.kind or low.value >= high.value:
            return None
        known = bool(match["rai"] or match["rbi"])
        low_in = match["rai"] == "(含)" if known else None
        high_in = match["rbi"] == "(含)" if known else None
        return Range(low, low_in, high, high_in)
    if kind == "prefix":
        return _compare(PREFIX_WORDS[match["pw"]], quantity(match["pq"]))
    if kind == "symbol":
        return _compare(SYMBOLS[match["so"]], quantity(match["sq"]))
    if kind == "suffix":
        return _compare(SUFFIX_WORDS[match["xw"]], quantity(match["xq"]))
    if kind == "bare":
        return _compare("==", quantity(match["bare"]))
    return None


def _same_unit(this: Quantity, other: Quantity) -> Quantity:
    """ "0-5%": an end written without a unit takes the other end's."""
    if this.text[-1].isdigit() and not other.text[-1].isdigit():
        unit = other.text[len(re.match(NUMBER, other.text)[0]) :]  # type: ignore[index]
        return quantity(this.text + unit) or this
    return this


def _compare(op: str, value: Quantity | None) -> Range | None:
    if value is None:
        return None
    if op == "==":
        return Range(value, True, value, True)
    if op in (">=", ">"):
        return Range(low=value, low_inclusive=op == ">=")
    return Range(high=value, high_inclusive=op == "<=")


def _merge(conds: list[Range]) -> Range | None:
    """ "80%以上不满90%": a lower and an upper bound written one after the other make one range."""
    if len(conds) == 1:
        return conds[0]
    if len(conds) != 2:
        return None
    first, second = conds
    lows = [c for c in conds if c.low is not None and c.high is None]
    highs = [c for c in conds if c.high is not None and c.low is None]
    if len(lows) != 1 or len(highs) != 1 or first is second:
        return None
    low, high = lows[0], highs[0]
    assert low.low is not None and high.high is not None
    if low.low.kind != high.high.kind or low.low.value >= high.high.value:
        return None
    return Range(low.low, low.low_inclusive, high.high, high.high_inclusive)


def _deduct(match: re.Match[str], text: str) -> DeductReading | None:
    step = quantity(match["step"]) if match["step"] else None
    if match["step"] and step is None:
        return None
    if step is not None and step.kind == "number" and step.value == 1:
        step = None  # 每少一次: one unit of the subject
    return DeductReading(None, None, match["dir"] in _UP, step, Fraction(match["rate"]), None, text)


def _deduction(groups: list[_Group], deducts: list[DeductReading], caps: list[Fraction]) -> DeductReading | None:
    if len(deducts) != 1 or len(caps) > 1 or len(groups) > 1:
        return None
    found = deducts[0]
    base: Fraction | None = None
    threshold: Quantity | None = None
    text = found.text
    if groups:
        group = groups[0]
        if group.kind not in ("cond", "label"):
            return None
        base = group.points
        text = f"{group.text};{found.text}"
        if group.range is not None:
            threshold = _threshold(group.range, found.above)
            if threshold is None:
                return None
    cap = caps[0] if caps else None
    return DeductReading(base, threshold, found.above, found.step, found.rate, cap, text)


def _threshold(full_marks: Range, above: bool) -> Quantity | None:
    """ "≤5%计2分" then 每上升: the threshold is 5%; a full-marks side that contradicts the direction → None."""
    if full_marks.low is not None and full_marks.high is not None:
        return full_marks.low if full_marks.low.value == full_marks.high.value else None
    if above:
        return full_marks.high
    return full_marks.low


def _proportional(flat: str) -> ProportionalReading | None:
    """ "实际值/指标值×分值，最高不超过分值", "按A/B的比例计分，最高5分": points in proportion to a ratio."""
    if not re.search(r"[^,;/×*]+/[^,;/×*]+(?:[×*]|的比例计分)", flat):
        return None
    lower: bool | None = None
    if "反向" in flat or re.search(r"(?:指标|目标|计划)值?/实际", flat):
        lower = True
    if "正向" in flat or re.search(r"(?:实际|完成)[^/]*/[^×*]*(?:指标|目标|计划|预算)", flat):
        lower = None if lower else False
    scale_match = re.search(rf"[×*](?P<n>{NUMBER})(?![\d.%])", flat)
    scale = Fraction(scale_match["n"]) if scale_match else None
    cap_match = re.search(rf"最高(?:不超过)?(?P<n>{NUMBER})分", flat)
    cap = Fraction(cap_match["n"]) if cap_match else None
    return ProportionalReading(lower, scale, cap, flat)
