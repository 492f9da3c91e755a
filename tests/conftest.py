from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rubricdsl

ROOT = Path(__file__).resolve().parents[1]
RUBRICS = ROOT / "rubrics"
SEED_RUBRIC = RUBRICS / "xiangtan-sme-2021.rubric"
SEED_FACTS = RUBRICS / "xiangtan-sme-2021.facts.json"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.fixture(scope="session")
def seed() -> rubricdsl.CompiledRubric:
    return rubricdsl.load(SEED_RUBRIC)


@pytest.fixture()
def seed_facts() -> dict[str, Any]:
    facts: dict[str, Any] = read_json(SEED_FACTS)
    return facts
