"""Synthetic rubrics of any size: every rule form, nested sections, derived values, vetoes, optional facts.

    >>> spec = synth_rubric(200, seed=7)
    >>> rubric = rubricdsl.loads(spec.text)
    >>> rubric.evaluate(spec.facts(random.Random(1)))

Used by the scaling benchmark (parse + check + lint + evaluate at N = 500 … 8,000) and by property tests,
which draw the parameters.  Output is deterministic for a given (indicators, seed, options).

The v2 constructs are opt-in, so the default output (which benchmarks and tests pin) never changes:
``tiers`` adds the ``judged … within …`` form, ``nested`` a `when` whose branches are rules, ``penalties``
penalty and bonus indicators in sections and at the top (some sections ``uncapped``), ``moves`` sections whose
not-applicable points go to their siblings or to a named one, and ``caps`` grade caps.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

FORMS = ("score", "when", "deduct", "checklist", "proportional", "levels", "judged", "formula")
V2_FORMS = ("judged_within", "nested")  # the forms ``tiers`` and ``nested`` add
LEVELS = ("优", "良", "中", "差")
TIERS = ("较强", "一般", "较差")
TIER_SHARES = ((Decimal("0.6"), Decimal(1)), (Decimal("0.3"), Decimal("0.6")), (Decimal(0), Decimal("0.3")))


@dataclass(frozen=True)
class SynthRubric:
    text: str
    indicators: int
    # fact name → a function drawing a valid value for it
    fact_makers: dict[str, Callable[[random.Random], Any]] = field(repr=False)
    optional: frozenset[str] = frozenset()
    # facts drawn together after the independent ones (a judged tier and the score in its range): they change
    # the drawn dict in place; none without ``tiers``
    joint: tuple[Callable[[random.Random, dict[str, Any]], None], ...] = field(default=(), repr=False)

    def facts(self, rng: random.Random, *, leave_out_optional: float = 0.2) -> dict[str, Any]:
        """One valid fact set: every required fact, most optional ones."""
        found = {}
        for name, make in self.fact_makers.items():
            if name in self.optional and rng.random() < leave_out_optional:
                continue
            found[name] = make(rng)
        for draw in self.joint:
            draw(rng, found)
        return found


class _Builder:
    def __init__(self, rng: random.Random, forms: tuple[str, ...]) -> None:
        self.rng = rng
        self.forms = forms
        self.facts: list[str] = []
        self.lets: list[str] = []
        self.makers: dict[str, Callable[[random.Random], Any]] = {}
        self.optional: set[str] = set()
        self.bools: list[str] = []
        self.joint: list[Callable[[random.Random, dict[str, Any]], None]] = []

    def fact(self, name: str, declaration: str, make: Callable[[random.Random], Any], *, optional: bool = False) -> str:
        self.facts.append(
            f'fact {name} "事实{name}": {declaration}{", optional, absent: not_applicable" if optional else ""}'
        )
        self.makers[name] = make
        if optional:
            self.optional.add(name)
        return name

    def share(self, name: str) -> str:
        def make(rng: random.Random) -> Decimal:
            # Band edges (60 %, 80 %, 90 %, 95 %) exactly and a thousandth either side, or anywhere.
            if rng.random() < 0.3:
                edge = Decimal(rng.choice(("0.6", "0.8", "0.9", "0.95")))
                return edge + Decimal(rng.choice((-1, 0, 1))) / 1000
            return Decimal(rng.randint(0, 1000)) / 1000

        return self.fact(name, "percent, in [0%, 100%]", make)

    def boolean(self, name: str, *, likely: float = 0.7) -> str:
        self.bools.append(name)
        return self.fact(name, "bool", lambda rng: rng.random() < likely)

    def indicator(self, index: int, points: int) -> str:
        form = self.forms[index % len(self.forms)]
        rule = getattr(self, f"_{form}")(f"i{index}", Decimal(points))
        return f'indicator i{index} "指标{index}" {points} {{ {rule} }}'

    # ---- one method per rule form: the rule text, declaring the facts it reads ----------------------------
    def _score(self, prefix: str, points: Decimal) -> str:
        if self.rng.random() < 0.5:
            subject = self.share(f"{prefix}_share")
        else:  # a derived ratio, as 预算完成率 is
            spent = self.fact(f"{prefix}_spent", "money 元, >= 0", lambda rng: rng.randint(0, 1_000_000))
            planned = self.fact(f"{prefix}_planned", "money 万元, > 0", lambda rng: rng.randint(50, 100))
            subject = f"{prefix}_rate"
            self.lets.append(f'let {subject} "比率{prefix}" = {spent} / {planned}')
        return (
            f"score {subject}: >=90% -> {points}; >=80% -> {points * Decimal('0.6')}; "
            f"[60%, 80%) -> {points * Decimal('0.2')}; else 0"
        )

    def _when(self, prefix: str, points: Decimal) -> str:
        first, second = self.boolean(f"{prefix}_a"), self.boolean(f"{prefix}_b")
        return f"when {first} and {second} -> {points}; {first} or {second} -> {points / 2}; else 0"

    def _deduct(self, prefix: str, points: Decimal) -> str:
        variant = self.rng.randrange(4)
        if variant == 0:
            count = self.fact(f"{prefix}_count", "count", lambda rng: rng.randint(0, 30))
            return f"deduct {count}: base {points}, -1 per missing below 12"
        share = self.share(f"{prefix}_share")
        mode = ("pro rata", "whole steps", "started steps")[variant - 1]
        return f"deduct {share}: base {points}, -0.25 per 1% above 5%, {mode}, cap {points}"

    def _checklist(self, prefix: str, points: Decimal) -> str:
        items = self.rng.randint(1, 6)
        each = (points / items).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        names = [self.boolean(f"{prefix}_c{item}") for item in range(items)]
        conditions = [f"not {name}" if item == 0 and items > 2 else name for item, name in enumerate(names)]
        return "checklist: " + "; ".join(
            f'{condition} -> {each} "项{item}"' for item, condition in enumerate(conditions)
        )

    def _proportional(self, prefix: str, points: Decimal) -> str:
        achieved = self.fact(f"{prefix}_got", "money 元, >= 0", lambda rng: rng.randint(0, 150))
        target = self.fact(f"{prefix}_want", "money 元, > 0", lambda rng: rng.randint(1, 120))
        better = " lower" if self.rng.random() < 0.3 else ""
        return f"proportional {achieved} against {target}{better}"

    def _levels(self, prefix: str, points: Decimal) -> str:
        level = self.fact(f"{prefix}_level", f"enum({', '.join(LEVELS)})", lambda rng: rng.choice(LEVELS))
        return f"levels {level}: 优 -> 100%; 良 -> 80%; 中 -> 60%; 差 -> 0"

    def _judged(self, prefix: str, points: Decimal) -> str:
        def make(rng: random.Random) -> Decimal:
            return Decimal(rng.randint(0, int(points) * 2)) / 2

        optional = self.rng.random() < 0.3  # absent → the indicator is not applicable, the total rescales
        name = self.fact(f"{prefix}_judged", f"number, in [0, {points}]", make, optional=optional)
        return f"judged {name}"

    def _formula(self, prefix: str, points: Decimal) -> str:
        count = self.fact(f"{prefix}_n", "count", lambda rng: rng.randint(0, 40))
        return f"formula min({points}, round({count} * 0.35, 2))"

    # ---- the v2 forms (``tiers``, ``nested``) ---------------------------------------------------------------
    def _judged_within(self, prefix: str, points: Decimal) -> str:
        """Three tiers as shares of the points, given as points or as percents; the score usually lies in its
        tier's range and sometimes not (the facts then contradict each other: F440/F441)."""
        percent = self.rng.random() < 0.5
        tier = self.fact(f"{prefix}_tier", f"enum({', '.join(TIERS)})", lambda rng: rng.choice(TIERS))
        if percent:
            score = self.fact(f"{prefix}_pct", "percent, in [0%, 100%]", lambda rng: Decimal(rng.randint(0, 100)) / 100)
            ranges = [(f"{int(low * 100)}%", f"{int(high * 100)}%") for low, high in TIER_SHARES]
        else:

            def make(rng: random.Random) -> Decimal:
                return Decimal(rng.randint(0, int(points) * 4)) / 4

            score = self.fact(f"{prefix}_pts", f"number, in [0, {points}]", make)
            ranges = [(_text(low * points), _text(high * points)) for low, high in TIER_SHARES]
        unit = Decimal(1) if percent else points

        def consistent(rng: random.Random, found: dict[str, Any]) -> None:
            if rng.random() < 0.9:  # the tier the score lies in (a share of the points, the top range closed)
                share = found[score] / unit
                found[tier] = next(level for level, (low, high) in zip(TIERS, TIER_SHARES, strict=True) if share >= low)

        self.joint.append(consistent)
        parts = [f"{TIERS[0]} -> [{ranges[0][0]}, {ranges[0][1]}]"]
        parts += [f"{level} -> [{low}, {high})" for level, (low, high) in zip(TIERS[1:], ranges[1:], strict=True)]
        return f"judged {score} within {tier}: " + "; ".join(parts)

    def _nested(self, prefix: str, points: Decimal) -> str:
        """``when`` whose outcomes are rules: a deduction in one branch, a banded score (in parentheses, as it
        has ``;``-separated parts) otherwise."""
        condition = self.boolean(f"{prefix}_w")
        count = self.fact(f"{prefix}_m", "count", lambda rng: rng.randint(0, 20))
        share = self.share(f"{prefix}_s")
        return (
            f"when {condition} -> deduct {count}: base {points}, -1 per missing below 12; "
            f"else (score {share}: >=90% -> {points}; [60%, 90%) -> {points / 2}; else 0)"
        )

    def adjustments(self, prefix: str, indent: str) -> list[str]:
        """A penalty (a count times 1, capped at 3) and, half the time, a bonus (a yes/no, 2 points)."""
        count = self.fact(f"{prefix}_late", "count", lambda rng: rng.randint(0, 5))
        found = [f'{indent}penalty {prefix}_pen "减分{prefix}" 3 {{ formula {count} }}']
        if self.rng.random() < 0.5:
            award = self.boolean(f"{prefix}_award", likely=0.3)
            found.append(f'{indent}bonus {prefix}_bon "加分{prefix}" 2 {{ when {award} -> 2; else 0 }}')
        return found


def _text(value: Decimal) -> str:
    """A decimal as a rubric literal writes it: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def synth_rubric(
    indicators: int,
    *,
    seed: int = 0,
    fanout: int = 4,
    leaf_size: int = 8,
    forms: tuple[str, ...] = FORMS,
    vetoes: bool = True,
    rounding: bool = False,
    tiers: bool = False,
    nested: bool = False,
    penalties: bool = False,
    moves: bool = False,
    caps: bool = False,
) -> SynthRubric:
    """A rubric with ``indicators`` leaves under sections ``fanout`` wide, at most ``leaf_size`` per section;
    the v2 constructs only when asked for (see the module's docstring)."""
    if indicators < 1:
        raise ValueError("a rubric needs at least one indicator")
    rng = random.Random(seed)
    forms = (*forms, *(("judged_within",) if tiers else ()), *(("nested",) if nested else ()))
    builder = _Builder(rng, forms)
    body: list[str] = []

    def build(first: int, count: int, depth: int, indent: str) -> int:
        """Emit ``count`` indicators from ``first`` on; returns their points."""
        if count <= leaf_size:
            total = 0
            if moves and depth > 0 and count > 1 and rng.random() < 0.5:  # where not-applicable points go
                body.append(f"{indent}not_applicable -> siblings")
                if rng.random() < 0.5:
                    body.append(f"{indent}not_applicable i{first + count - 1} -> i{first}")
            for index in range(first, first + count):
                points = rng.randint(1, 10)
                total += points
                body.append(indent + builder.indicator(index, points))
            if penalties and depth > 0 and rng.random() < 0.5:
                body.extend(builder.adjustments(f"p{first}", indent))
            return total
        chunk = -(-count // fanout)
        total = 0
        for start in range(first, first + count, chunk):
            size = min(chunk, first + count - start)
            header = len(body)
            body.append("")  # the section line, once its points are known
            points = build(start, size, depth + 1, indent + "  ")
            if vetoes and builder.bools and rng.random() < 0.1:
                veto_fact = rng.choice(builder.bools)
                body.append(f'{indent}  veto when not {veto_fact} and {veto_fact}, "不可能的否决"')
                body.append(f'{indent}  veto when {builder.boolean(f"s{start}_{depth}_veto", likely=0.05)}, "一票否决"')
            uncapped = " uncapped" if penalties and rng.random() < 0.2 else ""
            body[header] = f'{indent}section s{start}_{depth} "部分{start}" {points}{uncapped} {{'
            body.append(indent + "}")
            total += points
        return total

    full = build(0, indicators, 0, "")
    if penalties:  # the top level's act on the rescaled total
        body.extend(builder.adjustments("top", ""))
    header = [f'rubric synth_{indicators}_{seed} "合成评分表 {indicators}" {full}']
    if rounding:
        header += ["rounding indicators 2 half_up", "rounding total 1"]
    if caps:
        header += [
            f'cap 良 when {builder.boolean("cap_serious", likely=0.2)}, "存在严重问题不得评优"',
            f"cap 中 when {builder.boolean('cap_minor', likely=0.2)}",
        ]
    text = "\n".join([*header, *builder.facts, *builder.lets, *body]) + "\n"
    return SynthRubric(text, indicators, builder.makers, frozenset(builder.optional), tuple(builder.joint))
