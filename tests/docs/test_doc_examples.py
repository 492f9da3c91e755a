"""The documentation's examples are programs: every one is compiled, and the facts shown with it are scored.

Fenced blocks are recognised by their info string (the word after the opening fence):

``rubric``
    A complete rubric.  It must parse and pass every check (``rubricdsl.loads``).
``rubric-fragment``
    A piece of a rubric (one indicator, one rule).  Skipped by design; the reference keeps these few.
``rubric-invalid E205 …``
    A complete rubric that must be *rejected*, with at least the listed diagnostic codes.
``facts``
    A facts file (JSON when it starts with ``{``, otherwise YAML) for the nearest ``rubric`` block above it, with
    only prose or other ``facts`` blocks in between.  It must evaluate without fact problems.  A ``$expect`` key
    (``$`` keys are metadata to the engine) states what the docs claim: ``total``, ``grade``, ``complete``,
    ``scores`` (indicator id → score or null) and ``status`` (indicator id → status); each claim is checked.

A ``text`` block of diagnostics right after a ``rubric-invalid`` block must be what ``rubric check`` prints for it
(as ``demo.rubric``), and every ``$ rubric …`` session in ``docs/cli.md`` is rerun and compared, output and exit
code.  The grammar page must show ``grammar/rubric.lark`` byte for byte, the reference must name every keyword of
the grammar, and the tutorial's indicators and facts must be the seed rubric's own.  The tests in the middle feed
the checker broken Markdown to show it fails when it should.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rubricdsl
from rubricdsl.diagnostics.messages import CATALOGUE
from rubricdsl.inputs.files import parse_facts_text

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GRAMMAR = ROOT / "grammar" / "rubric.lark"
REFERENCE = DOCS / "language" / "reference.md"
GRAMMAR_DOC = DOCS / "language" / "grammar.md"
# The pages this suite owns: every E/F code they mention must exist.  (docs/diagnostics.md has its own tests.)
OWN_PAGES = ("index.md", "tutorial.zh.md", "architecture.md", "cli.md", "language/reference.md")

_FENCE = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
_DIAGNOSTIC_CODE = re.compile(r"\b[EFTW]\d{3}\b")
_KEYWORD = re.compile(r'"([A-Za-z_]+|是|否|万元|元|分)"')


@dataclass(frozen=True)
class Block:
    path: str
    line: int  # 1-based line of the opening fence
    kind: str  # the first word of the info string
    args: tuple[str, ...]  # the rest of the info string
    text: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def fenced_blocks(markdown: str, path: str = "<doc>") -> list[Block]:
    """Every fenced code block, in order.  An unclosed fence is an error (it would swallow the page)."""
    blocks: list[Block] = []
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        words = opening["info"].split()
        body: list[str] = []
        end = index + 1
        while end < len(lines):
            closing = _FENCE.match(lines[end])
            if (
                closing is not None
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            body.append(lines[end])
            end += 1
        else:
            raise AssertionError(f"{path}:{index + 1}: fence is never closed")
        text = "\n".join(body) + "\n" if body else ""
        blocks.append(Block(path, index + 1, words[0] if words else "", tuple(words[1:]), text))
        index = end + 1
    return blocks


def pair_facts(blocks: list[Block]) -> list[tuple[Block, Block]]:
    """(rubric block, facts block) for every facts block; a facts block with no rubric before it is an error."""
    pairs: list[tuple[Block, Block]] = []
    current: Block | None = None
    for block in blocks:
        if block.kind == "rubric":
            current = block
        elif block.kind == "facts":
            if current is None:
                raise AssertionError(f"{block.where}: a facts block must follow a rubric block")
            pairs.append((current, block))
        else:
            current = None
    return pairs


def check_rubric_block(block: Block) -> rubricdsl.CompiledRubric:
    try:
        return rubricdsl.loads(block.text, name=block.where)
    except rubricdsl.RubricError as error:
        found = "; ".join(f"{d.code} {d.message.en}" for d in error.diagnostics)
        raise AssertionError(f"{block.where}: the rubric does not compile: {found}") from None


def check_invalid_block(block: Block) -> None:
    try:
        rubricdsl.loads(block.text, name=block.where)
    except rubricdsl.RubricError as error:
        codes = {diagnostic.code for diagnostic in error.diagnostics}
        missing = set(block.args) - codes
        assert not missing, f"{block.where}: expected {sorted(missing)}, the rubric gave {sorted(codes)}"
        return
    raise AssertionError(f"{block.where}: this rubric is marked invalid but it compiles")


def _exact(value: Any) -> Decimal:
    return Decimal(str(value))


def check_facts_block(rubric_block: Block, facts_block: Block) -> rubricdsl.EvaluationResult:
    compiled = check_rubric_block(rubric_block)
    suffix = ".json" if facts_block.text.lstrip().startswith("{") else ".yaml"
    facts = parse_facts_text(facts_block.text, suffix)
    assert isinstance(facts, dict), f"{facts_block.where}: facts must be a mapping"
    result = compiled.evaluate(facts)
    problems = "; ".join(f"{p.code} {p.message.en}" for p in result.fact_problems)
    assert not result.fact_problems, f"{facts_block.where}: fact problems: {problems}"
    expect: dict[str, Any] = facts.get("$expect") or {}
    where = facts_block.where
    if "total" in expect:
        assert result.total == _exact(expect["total"]), (
            f"{where}: total is {result.total}, the doc says {expect['total']}"
        )
    if "grade" in expect:
        assert result.grade == expect["grade"], f"{where}: grade is {result.grade}, the doc says {expect['grade']}"
    if "complete" in expect:
        assert result.complete is expect["complete"], f"{where}: complete is {result.complete}"
    scores = result.scores()
    for ident, wanted in (expect.get("scores") or {}).items():
        assert ident in scores, f"{where}: no indicator `{ident}`"
        got = scores[ident]
        assert (got is None and wanted is None) or (got is not None and wanted is not None and got == _exact(wanted)), (
            f"{where}: `{ident}` scores {got}, the doc says {wanted}"
        )
    for ident, wanted in (expect.get("status") or {}).items():
        status = result.indicator(ident).status
        assert status == wanted, f"{where}: `{ident}` is {status}, the doc says {wanted}"
    unknown = set(expect) - {"total", "grade", "complete", "scores", "status"}
    assert not unknown, f"{where}: unknown $expect keys {sorted(unknown)}"
    return result


# ---- the documents ------------------------------------------------------------------------------------------------


def _doc_files() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), ROOT / "README.md"])


def _all_blocks() -> list[Block]:
    blocks: list[Block] = []
    for path in _doc_files():
        blocks += fenced_blocks(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    return blocks


def _pairs() -> list[tuple[Block, Block]]:
    pairs: list[tuple[Block, Block]] = []
    for path in _doc_files():
        pairs += pair_facts(fenced_blocks(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))))
    return pairs


ALL_BLOCKS = _all_blocks()
RUBRIC_BLOCKS = [block for block in ALL_BLOCKS if block.kind == "rubric"]
INVALID_BLOCKS = [block for block in ALL_BLOCKS if block.kind == "rubric-invalid"]
FACT_PAIRS = _pairs()


def test_the_docs_have_examples() -> None:
    # Guards against the collector silently finding nothing (a renamed folder, a changed fence style).
    assert len(RUBRIC_BLOCKS) >= 20
    assert len(FACT_PAIRS) >= 10
    for page in ("language/reference.md", "tutorial.zh.md", "index.md", "cli.md"):
        assert any(block.path == f"docs/{page}" for block in RUBRIC_BLOCKS), page


@pytest.mark.parametrize("block", RUBRIC_BLOCKS, ids=lambda block: block.where)
def test_rubric_block_compiles(block: Block) -> None:
    check_rubric_block(block)


@pytest.mark.parametrize("block", INVALID_BLOCKS, ids=lambda block: block.where)
def test_invalid_block_is_rejected_with_its_codes(block: Block) -> None:
    check_invalid_block(block)


@pytest.mark.parametrize("pair", FACT_PAIRS, ids=lambda pair: pair[1].where)
def test_facts_block_scores_as_the_doc_says(pair: tuple[Block, Block]) -> None:
    check_facts_block(*pair)


def test_fragments_stay_few() -> None:
    fragments = [block for block in ALL_BLOCKS if block.kind == "rubric-fragment"]
    assert len(fragments) <= 12, [block.where for block in fragments]


def test_grammar_page_shows_the_grammar_byte_for_byte() -> None:
    blocks = [block for block in fenced_blocks(GRAMMAR_DOC.read_text(encoding="utf-8")) if block.kind == "lark"]
    assert len(blocks) == 1, "docs/language/grammar.md must have exactly one ```lark block"
    assert blocks[0].text.encode("utf-8") == GRAMMAR.read_bytes()


def test_reference_names_every_keyword_of_the_grammar() -> None:
    keywords = set(_KEYWORD.findall(GRAMMAR.read_text(encoding="utf-8")))
    reference = REFERENCE.read_text(encoding="utf-8")
    missing = sorted(word for word in keywords if f"`{word}" not in reference and f"{word}`" not in reference)
    assert not missing, f"the reference never shows these keywords in code: {missing}"
    assert {"score", "deduct", "proportional", "veto", "rounding"} <= keywords  # the pattern still finds them


@pytest.mark.parametrize("page", OWN_PAGES)
def test_diagnostic_codes_named_in_the_docs_exist(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    unknown = sorted({code for code in _DIAGNOSTIC_CODE.findall(text) if code not in CATALOGUE})
    assert not unknown, f"docs/{page} names codes the catalogue does not have: {unknown}"


def test_tutorial_rules_are_the_seed_rules() -> None:
    """The tutorial writes the seed table: each indicator and fact it shares with the seed is the seed's own."""
    seed = rubricdsl.load(ROOT / "rubrics" / "xiangtan-sme-2021.rubric").checked
    seed_indicators = {info.node.id: info.node for info in seed.indicators}
    shared = 0
    for block in RUBRIC_BLOCKS:
        if block.path != "docs/tutorial.zh.md":
            continue
        checked = check_rubric_block(block).checked
        for info in checked.indicators:
            mine, theirs = info.node, seed_indicators.get(info.node.id)
            if theirs is None:
                continue
            shared += 1
            # Spans are excluded from node equality, so == compares meaning, not layout.
            assert (mine.label, mine.points, mine.rule) == (theirs.label, theirs.points, theirs.rule), block.where
            assert mine.standard in (None, theirs.standard), block.where
        for name, decl in checked.facts.items():
            other = seed.facts.get(name)
            if other is not None:
                assert (decl.label, decl.type, decl.bounds) == (other.label, other.type, other.bounds), block.where
    assert shared >= 10


# ---- the checker itself fails when it should --------------------------------------------------------------------

GOOD = 'rubric t "t" 5\nfact x "x": count\nindicator a "a" 5 { score x: >= 3 -> 5; else 0 }\n'


def _markdown(*blocks: tuple[str, str]) -> str:
    return "\n".join(f"Some prose.\n\n```{info}\n{text}```\n" for info, text in blocks)


def test_checker_rejects_a_rubric_that_does_not_check() -> None:
    (block,) = fenced_blocks(_markdown(("rubric", GOOD.replace("5 {", "4 {"))))
    with pytest.raises(AssertionError, match="E205"):
        check_rubric_block(block)


def test_checker_rejects_an_invalid_block_that_compiles_or_gives_other_codes() -> None:
    (good,) = fenced_blocks(_markdown(("rubric-invalid E205", GOOD)))
    with pytest.raises(AssertionError, match="compiles"):
        check_invalid_block(good)
    (bad,) = fenced_blocks(_markdown(("rubric-invalid E201", GOOD.replace("5 {", "4 {"))))
    with pytest.raises(AssertionError, match="E201"):
        check_invalid_block(bad)


def test_checker_rejects_facts_with_problems_and_wrong_claims() -> None:
    blocks = fenced_blocks(
        _markdown(
            ("rubric", GOOD),
            ("facts", '{"x": "three"}\n'),
            ("facts", "x: 2\n$expect: {total: 5}\n"),
            ("facts", json.dumps({"x": 3, "$expect": {"scores": {"a": 5}, "grade": "优"}}) + "\n"),
        )
    )
    first, second, third = pair_facts(blocks)
    with pytest.raises(AssertionError, match="F403"):
        check_facts_block(*first)
    with pytest.raises(AssertionError, match="total is 0"):
        check_facts_block(*second)
    assert check_facts_block(*third).total == 5


def test_checker_rejects_orphan_facts_and_unclosed_fences() -> None:
    blocks = fenced_blocks(_markdown(("rubric", GOOD), ("text", "x\n"), ("facts", "x: 1\n")))
    with pytest.raises(AssertionError, match="must follow a rubric"):
        pair_facts(blocks)
    with pytest.raises(AssertionError, match="never closed"):
        fenced_blocks("```rubric\nrubric t 1\n")


def test_fragments_are_collected_but_never_compiled() -> None:
    blocks = fenced_blocks(_markdown(("rubric-fragment", "score x: >= 1 -> 1\n"), ("rubric", GOOD)))
    assert [block.kind for block in blocks] == ["rubric-fragment", "rubric"]
    assert blocks[0] not in [block for block in blocks if block.kind == "rubric"]


def _invalid_with_output() -> list[tuple[Block, Block]]:
    pairs: list[tuple[Block, Block]] = []
    for path in _doc_files():
        blocks = fenced_blocks(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        for block, after in itertools.pairwise(blocks):
            if block.kind == "rubric-invalid" and after.kind == "text" and after.text.startswith(("error[", "错误[")):
                pairs.append((block, after))
    return pairs


@pytest.mark.parametrize("pair", _invalid_with_output(), ids=lambda pair: pair[1].where)
def test_error_output_shown_under_an_invalid_rubric_is_real(pair: tuple[Block, Block]) -> None:
    """A ```text block of diagnostics right after a rubric-invalid block is what `rubric check demo.rubric` prints."""
    from rubricdsl.render.diagnostics import render_all

    invalid, shown = pair
    lang = "zh" if shown.text.startswith("错误[") else "en"
    with pytest.raises(rubricdsl.RubricError) as caught:
        rubricdsl.loads(invalid.text, name="demo.rubric")
    rendered = render_all(caught.value.diagnostics, caught.value.source, lang)
    assert _lines(rendered) == _lines(shown.text), f"{shown.where}: the message is now:\n{rendered}"


# ---- docs/cli.md shows real output --------------------------------------------------------------------------------

CLI_DOC = DOCS / "cli.md"


def _cli_files(tmp_path: Path) -> None:
    """Write the files docs/cli.md talks about, from its own blocks: demo.rubric, its facts, the YAML, broken."""
    blocks = fenced_blocks(CLI_DOC.read_text(encoding="utf-8"), "docs/cli.md")
    rubric = next(block for block in blocks if block.kind == "rubric")
    facts = next(block for block in blocks if block.kind == "facts")
    yaml_facts = next(block for block in blocks if block.kind == "yaml")
    (tmp_path / "demo.rubric").write_text(rubric.text, encoding="utf-8")
    (tmp_path / "demo.facts.json").write_text(facts.text, encoding="utf-8")
    (tmp_path / "demo.facts.yaml").write_text(yaml_facts.text, encoding="utf-8")
    broken = rubric.text.replace('section management "项目管理" 10', 'section management "项目管理" 12')
    assert broken != rubric.text
    (tmp_path / "broken.rubric").write_text(broken, encoding="utf-8")


def _sessions() -> list[Block]:
    blocks = fenced_blocks(CLI_DOC.read_text(encoding="utf-8"), "docs/cli.md")
    return [
        block
        for block in blocks
        if block.kind == "text" and block.text.startswith("$ rubric ") and "$ echo $?" in block.text
    ]


def _run_cli(tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from typer.testing import CliRunner

    from rubricdsl.cli import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout + result.stderr


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").split("\n")]


@pytest.mark.parametrize("block", _sessions(), ids=lambda block: block.where)
def test_cli_page_shows_real_output(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _cli_files(tmp_path)
    command, _, rest = block.text.partition("\n")
    shown, _, code = rest.rpartition("$ echo $?\n")
    exit_code, output = _run_cli(tmp_path, command.split()[2:], monkeypatch)
    assert exit_code == int(code.strip()), f"{block.where}: `{command}` exits {exit_code}"
    assert _lines(output) == _lines(shown), f"{block.where}: `{command}` prints something else now:\n{output}"


def test_cli_page_shows_real_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _cli_files(tmp_path)
    blocks = fenced_blocks(CLI_DOC.read_text(encoding="utf-8"), "docs/cli.md")
    shown = next(block for block in blocks if block.kind == "json")
    exit_code, output = _run_cli(
        tmp_path, ["eval", "demo.rubric", "demo.facts.json", "--format", "json", "--lang", "en"], monkeypatch
    )
    assert exit_code == 0
    assert json.loads(output, parse_float=Decimal) == json.loads(shown.text, parse_float=Decimal)


def test_cli_page_sessions_are_found() -> None:
    assert len(_sessions()) >= 6


def test_cli_page_batch_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The many-projects example: the seed's facts, a second project with 9 activities and a 6.5% admin
    rate, a third with satisfaction written as 96."""
    shown = next(
        block
        for block in fenced_blocks(CLI_DOC.read_text(encoding="utf-8"), "docs/cli.md")
        if block.kind == "text" and block.text.startswith("$ rubric eval seed.rubric projects.jsonl")
    )
    base = json.loads((ROOT / "rubrics" / "xiangtan-sme-2021.facts.json").read_text(encoding="utf-8"))
    base.pop("$notes")
    projects = [
        {**base, "$id": "2021-湘潭-01"},
        {**base, "$id": "2021-湘潭-02", "activities": 9, "admin_expense": 32500},
        {**base, "$id": "2021-湘潭-03", "satisfaction": 96},
    ]
    (tmp_path / "seed.rubric").write_text(
        (ROOT / "rubrics" / "xiangtan-sme-2021.rubric").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "projects.jsonl").write_text(
        "".join(json.dumps(project, ensure_ascii=False) + "\n" for project in projects), encoding="utf-8"
    )
    exit_code, output = _run_cli(tmp_path, ["eval", "seed.rubric", "projects.jsonl", "--format", "csv"], monkeypatch)
    assert exit_code == 1
    rows = [",".join(line.split(",")[:7]) for line in _lines(output) if line.count(",") >= 6]
    assert rows == _lines(shown.text)[1:]
