"""The benchmark workload: the seed rubric, 10,000 deterministic fact sets, and the hand-written ceiling.

Fact sets come from a seeded RNG plus explicit boundary values for every band of the seed table: 预算完成率 at
exactly 90 %/80 %/70 %/60 % and one yuan either side, 工作经费开支率 at 5 %, 6.5 %, 13 % and beyond, 专款专用 at
100 % and one yuan short, 0…30 activities, 119/120 enterprises, satisfaction 94.9 %/95 %.

Three input styles, because callers send all three:

- ``decimal``: values already exact (``int``/``Decimal``/``bool``), the shape of :class:`FactSchema`'s fast path;
- ``json``: what ``json.loads`` gives for a facts file like the seed's — ints, bools, ``"95%"`` strings;
- ``json-float``: the same with the share as a JSON number (``0.95``), which ``json.loads`` makes a float.
"""

from __future__ import annotations

import json
import random
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED_RUBRIC = ROOT / "rubrics" / "xiangtan-sme-2021.rubric"
FACT_SETS = 10_000
STYLES = ("decimal", "json", "json-float")

CHECKLIST_FACTS = [
    "goal_set",
    "goal_specific",
    "goal_quantified",
    "goal_realistic",
    "goal_linked_to_plan",
    "goal_has_timeline",
    "has_fund_rules",
    "fund_rules_sound",
    "allocation_factors_reasonable",
    "allocation_follows_rules",
    "allocation_fair",
    "started_on_schedule",
    "progressed_on_schedule",
    "completed_on_schedule",
    "mgmt_rules_sound",
    "mgmt_rules_enforced",
    "organization_sound",
]
WHEN_FACTS = [
    "open_application",
    "strict_review",
    "result_published",
    "separate_accounting",
    "spending_purpose_clear",
    "approval_process_sound",
    "monitoring_in_place",
    "inspection_done",
    "procurement_compliant",
]

_PLANNED = (100_000, 200_000, 250_000, 400_000, 500_000, 800_000, 1_000_000, 1_250_000, 2_000_000, 3_000_000)
_RATE_BOUNDARIES = ("0.9", "0.8", "0.7", "0.6")
_ADMIN_RATES = ("0", "0.01", "0.05", "0.0501", "0.065", "0.1", "0.13", "0.2", "0.5")
_SATISFACTION = ("0.949", "0.95", "0.951", "0.5", "1", "0")


def _fact_set(rng: random.Random, index: int) -> dict[str, Any]:
    planned = rng.choice(_PLANNED)
    shape = index % 4
    if shape == 0:  # a band boundary exactly, or one yuan either side of it
        spent = int(planned * Decimal(rng.choice(_RATE_BOUNDARIES))) + rng.choice((-1, 0, 1))
    elif shape == 1:  # anywhere from nothing to overspent
        spent = rng.randint(1, planned * 11 // 10)
    else:
        spent = planned * rng.randint(500, 1000) // 1000 or 1
    admin = int(spent * Decimal(rng.choice(_ADMIN_RATES))) if index % 3 == 0 else rng.randint(0, spent // 5)
    project = spent if rng.random() < 0.7 else max(0, spent - rng.choice((1, 100, spent // 10)))
    satisfaction = Decimal(rng.choice(_SATISFACTION)) if index % 5 == 0 else Decimal(rng.randint(500, 1000)) / 1000
    facts: dict[str, Any] = {
        "budget_planned": planned,
        "budget_spent": spent,
        "admin_expense": admin,
        "project_spent": project,
        "activities": index % 31 if index < 3100 else rng.randint(0, 30),
        "enterprises_served": rng.choice((0, 60, 119, 120, 121, 300)) if index % 2 else rng.randint(0, 200),
        "satisfaction": satisfaction,
    }
    all_met = index % 7 == 0
    for name in (*CHECKLIST_FACTS, *WHEN_FACTS):
        facts[name] = True if all_met else rng.random() < 0.75
    return facts


def fact_sets(count: int = FACT_SETS, style: str = "decimal") -> list[dict[str, Any]]:
    """``count`` fact sets in one input style; the same seed gives the same sets in every style."""
    rng = random.Random(20211231)
    exact = [_fact_set(rng, index) for index in range(count)]
    if style == "decimal":
        return exact
    if style == "json":
        text = json.dumps([{**facts, "satisfaction": _percent_text(facts["satisfaction"])} for facts in exact])
    elif style == "json-float":
        text = json.dumps([{**facts, "satisfaction": float(facts["satisfaction"])} for facts in exact])
    else:
        raise ValueError(f"unknown style {style!r}")
    loaded: list[dict[str, Any]] = json.loads(text)
    return loaded


def _percent_text(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


# ---- the hand-written ceiling -------------------------------------------------------------------------------
# What a developer would write for this one table: plain Decimal code, no validation, no explanation.  The
# three divisions and the pro-rata deduction use a 50-digit context so the scores are the same Decimals as the
# engine's (with the default 28 digits, 2 − 0.25 × (rate − 5%) / 1% differs in the last digits).
_EXACT = Context(prec=50)
_D = Decimal
_0, _1, _2, _3, _5, _10, _15 = _D(0), _D(1), _D(2), _D(3), _D(5), _D(10), _D(15)
_90, _80, _70, _60 = _D("0.9"), _D("0.8"), _D("0.7"), _D("0.6")
_ADMIN_LIMIT, _ADMIN_STEP, _ADMIN_RATE = _D("0.05"), _D("0.01"), _D("0.25")
_TWELVE, _SATISFIED, _HUNDRED = _D(12), _D("0.95"), _D(100)


def _share(value: Any) -> Decimal:
    if isinstance(value, str):
        return _D(value[:-1]) / _HUNDRED
    if isinstance(value, float):
        return _D(repr(value))
    return _D(value)


def hand_scores(f: dict[str, Any]) -> dict[str, Decimal]:
    planned, spent = _D(f["budget_planned"]), _D(f["budget_spent"])
    budget_rate = _EXACT.divide(spent, planned)
    admin_rate = _EXACT.divide(_D(f["admin_expense"]), spent)
    earmark_rate = _EXACT.divide(_D(f["project_spent"]), spent)
    goal = (
        (_5 if f["goal_set"] else _0)
        + (_3 if f["goal_specific"] else _0)
        + (_3 if f["goal_quantified"] else _0)
        + (_3 if f["goal_realistic"] else _0)
        + (_3 if f["goal_linked_to_plan"] else _0)
        + (_3 if f["goal_has_timeline"] else _0)
    )
    over = _EXACT.subtract(admin_rate, _ADMIN_LIMIT)
    if over <= 0:
        admin_score = _2
    else:
        admin_score = _EXACT.subtract(_2, _EXACT.multiply(_ADMIN_RATE, _EXACT.divide(over, _ADMIN_STEP)))
        if admin_score < 0:
            admin_score = _0
    missing = _TWELVE - _D(f["activities"])
    return {
        "goal_content": goal,
        "application": _1 if f["open_application"] else _0,
        "review": _1 if f["strict_review"] else _0,
        "publication": _1 if f["result_published"] else _0,
        "allocation_method": (_1 if f["has_fund_rules"] else _0)
        + (_1 if f["fund_rules_sound"] else _0)
        + (_1 if f["allocation_factors_reasonable"] else _0),
        "allocation_result": (_2 if f["allocation_follows_rules"] else _0) + (_2 if f["allocation_fair"] else _0),
        "budget_completion": _5
        if budget_rate >= _90
        else _3
        if budget_rate >= _80
        else _2
        if budget_rate >= _70
        else _1
        if budget_rate >= _60
        else _0,
        "admin_expense_rate": admin_score,
        "earmarking": _5 if earmark_rate == 1 else _0,
        "separate_ledger": _5 if f["separate_accounting"] else _0,
        "purpose_clear": _2 if f["spending_purpose_clear"] else _0,
        "approval_sound": _1 if f["approval_process_sound"] else _0,
        "organization": _2 if f["organization_sound"] else _0,
        "execution": (_1 if f["started_on_schedule"] else _0)
        + (_1 if f["progressed_on_schedule"] else _0)
        + (_1 if f["completed_on_schedule"] else _0),
        "management_rules": (_1 if f["mgmt_rules_sound"] else _0) + (_1 if f["mgmt_rules_enforced"] else _0),
        "monitoring": _1 if f["monitoring_in_place"] else _0,
        "inspection": _1 if f["inspection_done"] else _0,
        "procurement": _1 if f["procurement_compliant"] else _0,
        "public_activities": _15 if missing <= 0 else max(_0, _15 - missing),
        "enterprises_reached": _15 if f["enterprises_served"] >= 120 else _0,
        "satisfaction_rate": _10 if _share(f["satisfaction"]) >= _SATISFIED else _0,
    }


def hand_scores_plain(f: dict[str, Any]) -> dict[str, Decimal]:
    """The same, with plain operators in the default 28-digit context: faster, not exact on every set."""
    planned, spent = _D(f["budget_planned"]), _D(f["budget_spent"])
    budget_rate = spent / planned
    admin_rate = _D(f["admin_expense"]) / spent
    earmark_rate = _D(f["project_spent"]) / spent
    goal = (
        (_5 if f["goal_set"] else _0)
        + (_3 if f["goal_specific"] else _0)
        + (_3 if f["goal_quantified"] else _0)
        + (_3 if f["goal_realistic"] else _0)
        + (_3 if f["goal_linked_to_plan"] else _0)
        + (_3 if f["goal_has_timeline"] else _0)
    )
    over = admin_rate - _ADMIN_LIMIT
    if over <= 0:
        admin_score = _2
    else:
        admin_score = _2 - _ADMIN_RATE * (over / _ADMIN_STEP)
        if admin_score < 0:
            admin_score = _0
    missing = _TWELVE - _D(f["activities"])
    return {
        "goal_content": goal,
        "application": _1 if f["open_application"] else _0,
        "review": _1 if f["strict_review"] else _0,
        "publication": _1 if f["result_published"] else _0,
        "allocation_method": (_1 if f["has_fund_rules"] else _0)
        + (_1 if f["fund_rules_sound"] else _0)
        + (_1 if f["allocation_factors_reasonable"] else _0),
        "allocation_result": (_2 if f["allocation_follows_rules"] else _0) + (_2 if f["allocation_fair"] else _0),
        "budget_completion": _5
        if budget_rate >= _90
        else _3
        if budget_rate >= _80
        else _2
        if budget_rate >= _70
        else _1
        if budget_rate >= _60
        else _0,
        "admin_expense_rate": admin_score,
        "earmarking": _5 if earmark_rate == 1 else _0,
        "separate_ledger": _5 if f["separate_accounting"] else _0,
        "purpose_clear": _2 if f["spending_purpose_clear"] else _0,
        "approval_sound": _1 if f["approval_process_sound"] else _0,
        "organization": _2 if f["organization_sound"] else _0,
        "execution": (_1 if f["started_on_schedule"] else _0)
        + (_1 if f["progressed_on_schedule"] else _0)
        + (_1 if f["completed_on_schedule"] else _0),
        "management_rules": (_1 if f["mgmt_rules_sound"] else _0) + (_1 if f["mgmt_rules_enforced"] else _0),
        "monitoring": _1 if f["monitoring_in_place"] else _0,
        "inspection": _1 if f["inspection_done"] else _0,
        "procurement": _1 if f["procurement_compliant"] else _0,
        "public_activities": _15 if missing <= 0 else max(_0, _15 - missing),
        "enterprises_reached": _15 if f["enterprises_served"] >= 120 else _0,
        "satisfaction_rate": _10 if _share(f["satisfaction"]) >= _SATISFIED else _0,
    }
