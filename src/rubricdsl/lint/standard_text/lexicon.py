"""The words of 评价标准 texts: normalisation, numbers with units, and the boundary words of 《民法典》第1259条.

The boundary words follow the table in ``docs/language/reference.md`` (以上/以下/以内/不低于/不高于/不超过/达到
include the number; 不满/不足/低于/未达到/超过/高于/大于 do not).  Nothing here evaluates text: numbers are read
by regular expressions into exact fractions.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

from rubricdsl.lint.standard_text.claims import Kind, Quantity

# Characters NFKC leaves alone but tables use for the same thing.
_SAME = str.maketrans({"≦": "≤", "≧": "≥", "−": "-", "–": "-", "—": "-", "～": "~", "〜": "~", "：": ":"})

_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A Chinese numeral counts only where it is a count or points: 每少一次, 扣一分, 一个百分点.
_CHINESE_NUMBER = re.compile(
    r"(?<=[每少多扣计得超过低于上升下降增加减少])([一二两三四五六七八九十])(?=[次项个分家人%]|个百分点)"
)

NUMBER = r"\d+(?:\.\d+)?"
_COUNT_UNITS = r"(?:个工作日|人次|家|次|项|个|人|期|天|户|件|篇|场)"
QUANTITY = rf"(?:{NUMBER})(?:%|万元|元|{_COUNT_UNITS})?"
_QUANTITY = re.compile(rf"(?P<number>{NUMBER})(?P<unit>%|万元|元|{_COUNT_UNITS})?")

# operator words → (operator, includes the number); the order matters: longer words first.
PREFIX_WORDS: dict[str, str] = {
    "不低于": ">=",
    "不少于": ">=",
    "达到": ">=",
    "大于等于": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    "小于等于": "<=",
    "未达到": "<",
    "不满": "<",
    "不足": "<",
    "低于": "<",
    "小于": "<",
    "超过": ">",
    "高于": ">",
    "大于": ">",
}
SUFFIX_WORDS: dict[str, str] = {"及以上": ">=", "以上": ">=", "以下": "<=", "以内": "<="}
SYMBOLS: dict[str, str] = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "==": "==", "=": "=="}


def normalise(text: str) -> str:
    """Full-width forms to ASCII, spacing dropped, small Chinese numerals and 百分点 to digits and %."""
    text = unicodedata.normalize("NFKC", text).translate(_SAME)
    text = re.sub(r"\s+", "", text)
    text = _CHINESE_NUMBER.sub(lambda match: str(_DIGIT[match.group(1)]), text)
    return re.sub(rf"({NUMBER})个百分点", r"\1%", text)


def quantity(text: str) -> Quantity | None:
    """``90%`` → 9/10 percent, ``5万元`` → 50000 money (元), ``12次`` → 12 number; anything else → None."""
    match = _QUANTITY.fullmatch(text)
    if match is None:
        return None
    value = Fraction(match["number"])
    unit = match["unit"] or ""
    kind: Kind = "number"
    if unit == "%":
        value, kind = value / 100, "percent"
    elif unit == "万元":
        value, kind = value * 10000, "money"
    elif unit == "元":
        kind = "money"
    return Quantity(value, kind, text)


def literal_quantity(text: str, value: Fraction, kind: str) -> Quantity:
    """A rule literal as a quantity in the reader's units (money literals are re-read from their text)."""
    if kind == "money":
        found = quantity(text.replace(" ", ""))
        if found is not None and found.kind == "money":
            return found
    return Quantity(value, "percent" if kind == "percent" else "money" if kind == "money" else "number", text)
