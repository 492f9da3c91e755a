"""Which facts files belong to which rubric: `$rubric` first, else the longest rubric name the file starts with."""

from __future__ import annotations

from pathlib import Path

from rubricdsl.testing.discovery import discover, explicit

RUBRIC = 'rubric t "t" 5\nfact x "x": count\nindicator a "a" 5 { score x: >= 3 -> 5; else 0 }\n'


def make(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def layout(root: Path) -> dict[str, list[str]]:
    found = discover([root])
    return {
        suite.rubric.relative_to(root).as_posix(): [case.relative_to(root).as_posix() for case in suite.cases]
        for suite in found.suites
    }


def test_the_longest_rubric_name_wins_and_folders_are_sorted(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "seed.rubric": RUBRIC,
            "seed-2.rubric": RUBRIC,
            "seed.facts.json": "{}",
            "seed-2021.facts.yaml": "x: 1\n",
            "seed-2.facts.yml": "x: 1\n",
            "seed-b.facts.json": "{}",
            "b/seed.rubric": RUBRIC,
            "b/seed-x.facts.json": "{}",
        },
    )
    assert layout(tmp_path) == {
        "seed-2.rubric": ["seed-2.facts.yml", "seed-2021.facts.yaml"],
        "seed.rubric": ["seed-b.facts.json", "seed.facts.json"],
        "b/seed.rubric": ["b/seed-x.facts.json"],
    }


def test_rubric_key_wins_over_the_name(tmp_path: Path) -> None:
    make(tmp_path, {"a.rubric": RUBRIC, "rules/b.rubric": RUBRIC, "a-1.facts.json": '{"$rubric": "rules/b.rubric"}'})
    assert layout(tmp_path) == {"rules/b.rubric": ["a-1.facts.json"]}


def test_hidden_and_tool_folders_are_skipped(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            ".venv/t.rubric": RUBRIC,
            ".venv/t.facts.json": "{}",
            "node_modules/t.rubric": RUBRIC,
            "node_modules/t.facts.json": "{}",
        },
    )
    found = discover([tmp_path])
    assert found.suites == [] and found.problems == []


def test_orphans_and_missing_rubrics_are_reported_not_skipped(tmp_path: Path) -> None:
    make(tmp_path, {"lonely.facts.json": "{}", "named.facts.json": '{"$rubric": "gone.rubric"}'})
    found = discover([tmp_path])
    assert sorted((path.name, problem.code) for path, problem in found.problems) == [
        ("lonely.facts.json", "T504"),
        ("named.facts.json", "T503"),
    ]


def test_a_rubric_path_takes_only_its_own_facts(tmp_path: Path) -> None:
    make(tmp_path, {"a.rubric": RUBRIC, "ab.rubric": RUBRIC, "a.facts.json": "{}", "ab.facts.json": "{}"})
    (suite,) = discover([tmp_path / "a.rubric"]).suites
    assert [case.name for case in suite.cases] == ["a.facts.json"]


def test_the_same_case_is_run_once(tmp_path: Path) -> None:
    make(tmp_path, {"a.rubric": RUBRIC, "a.facts.json": "{}"})
    found = discover([tmp_path, tmp_path / "a.facts.json", tmp_path / "a.rubric"])
    assert found.case_count == 1
    assert explicit(tmp_path / "a.rubric", [tmp_path / "a.facts.json"] * 2).case_count == 1


def test_an_unreadable_facts_file_falls_back_on_its_name(tmp_path: Path) -> None:
    make(tmp_path, {"a.rubric": RUBRIC, "a.facts.json": '{"x": 1,}'})
    assert layout(tmp_path) == {"a.rubric": ["a.facts.json"]}


def test_any_json_or_yaml_naming_its_rubric_is_a_case_and_other_data_files_are_not(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "rules/a.rubric": RUBRIC,
            "cases/one.json": '{"$rubric": "../rules/a.rubric", "x": 3}',
            "cases/two.yml": "$rubric: ../rules/a.rubric\nx: 1\n",
            "ci.yaml": "jobs: [test]\n",
            "broken.yaml": "a: [1,\n",
            "list.json": "[1, 2]",
        },
    )
    found = discover([tmp_path])
    assert layout(tmp_path) == {"rules/a.rubric": ["cases/one.json", "cases/two.yml"]}
    assert found.problems == []
