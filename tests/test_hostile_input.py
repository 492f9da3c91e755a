"""Hostile names and strings: nothing written in a rubric or a facts file is ever run as code, and quotes,
backslashes, control characters and very long names go through check, evaluation and both renderers as
plain text."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import rubricdsl
from rubricdsl.diagnostics.errors import RubricError, RubricSyntaxError
from rubricdsl.render.diagnostics import render_all, to_json
from rubricdsl.render.json import dumps, result_to_dict

PAYLOADS = [
    "__import__('os').system('touch /tmp/rubricdsl-pwned')",
    "'; import os; os.system('id') #",
    '\\" + __import__("sys").exit(9) + \\"',
    "{__class__.__mro__}",
    "${{7*7}} {0} %s %(x)s",
    "\\\\server\\share\\n\\x00",
    "</td><script>alert(1)</script>",
    "\u202e\u200b\ufeff",
]


def rubric_with_label(label: str, name: str = "rate") -> str:
    return f"""rubric hostile "{label}" 10
meta note "{label}"
fact {name} "{label}": percent
indicator i "{label}" 10 {{
  standard "{label}"
  score {name}: >= 90% -> 10; else 0
}}
"""


LABEL_PAYLOADS = [payload for payload in PAYLOADS if '"' not in payload]


@pytest.mark.parametrize("payload", LABEL_PAYLOADS)
def test_a_label_is_only_ever_text(payload: str) -> None:
    compiled = rubricdsl.loads(rubric_with_label(payload))
    result = compiled.evaluate({"rate": "95%"})
    assert result.total == Decimal(10)
    document = json.loads(dumps(result_to_dict(result, compiled.source, "zh", explain=True)))
    assert document["title"] == payload


def test_a_quote_inside_a_label_ends_it_and_the_rest_is_a_syntax_error() -> None:
    with pytest.raises(RubricSyntaxError) as caught:
        rubricdsl.loads(rubric_with_label('a" + __import__("os").getcwd() + "b'))
    assert caught.value.diagnostics[0].code.startswith("E1")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_fact_value_is_refused_as_a_value(payload: str) -> None:
    compiled = rubricdsl.loads(rubric_with_label("标题"))
    result = compiled.evaluate({"rate": payload, payload: 1})
    codes = sorted(problem.code for problem in result.fact_problems)
    # A key starting with `$` is metadata by design, so only the bad value is a problem then.
    assert codes == (["F403"] if payload.startswith("$") else ["F402", "F403"])
    for problem in result.fact_problems:
        render_all([problem], None, "zh")


@pytest.mark.parametrize(
    "name",
    ["__import__", "__class__", "eval", "exec", "os", "sys", "self", "None", "True", "lambda", "_v1", "_k0", "Decimal"],
)
def test_python_words_are_ordinary_names(name: str) -> None:
    compiled = rubricdsl.loads(rubric_with_label("标题", name=name))
    assert compiled.evaluate({name: Decimal("0.95")}).total == Decimal(10)
    assert compiled.evaluate({name: Decimal("0.5")}).total == Decimal(0)


def test_a_very_long_name_works() -> None:
    name = "指标" + "很" * 100_000
    compiled = rubricdsl.loads(rubric_with_label("标题", name=name))
    assert compiled.evaluate({name: "95%"}).total == Decimal(10)


def test_a_newline_inside_a_label_is_a_syntax_error() -> None:
    with pytest.raises(RubricSyntaxError) as caught:
        rubricdsl.loads('rubric r "第一行\n第二行" 10\n')
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code in {"E100", "E101", "E118"}
    assert diagnostic.span is not None and diagnostic.span.start <= len('rubric r "')


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\u2028"])
def test_control_characters_are_reported_not_executed(char: str) -> None:
    text = rubric_with_label("标题").replace("score rate", f"score{char} rate")
    with pytest.raises(RubricError) as caught:
        rubricdsl.loads(text)
    for lang in ("en", "zh"):
        rendered = render_all(caught.value.diagnostics, caught.value.source, lang)
        assert rendered
        json.dumps([to_json(diagnostic, caught.value.source, lang) for diagnostic in caught.value.diagnostics])


def test_backticks_and_braces_in_an_unknown_name_do_not_break_the_message() -> None:
    with pytest.raises(RubricError) as caught:
        rubricdsl.loads(rubric_with_label("标题").replace("score rate", "score rate_{x}"))
    rendered = render_all(caught.value.diagnostics, caught.value.source, "en")
    assert "error[" in rendered


def test_format_fields_in_fact_keys_are_shown_literally() -> None:
    compiled = rubricdsl.loads(rubric_with_label("标题"))
    problems = compiled.validate_facts({"rate": "95%", "{name}{0}": 1})
    assert [problem.message.en for problem in problems] == ["unknown fact `{name}{0}`"]


def test_no_rubric_or_facts_text_reaches_the_python_compiler(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path may generate Python, but only from the checked AST: labels, standards and fact values
    never appear in it, and a name appears only as a quoted dictionary key."""
    import builtins

    seen: list[str] = []
    real_compile, real_exec, real_eval = builtins.compile, builtins.exec, builtins.eval

    def record(real: object) -> object:
        def wrapper(source: object, *args: object, **kwargs: object) -> object:
            if isinstance(source, (str, bytes)):
                seen.append(source.decode() if isinstance(source, bytes) else source)
            return real(source, *args, **kwargs)  # type: ignore[operator]

        return wrapper

    monkeypatch.setattr(builtins, "compile", record(real_compile))
    monkeypatch.setattr(builtins, "exec", record(real_exec))
    monkeypatch.setattr(builtins, "eval", record(real_eval))
    label = "__import__('os').getcwd()"
    compiled = rubricdsl.loads(rubric_with_label(label, name="__import__"))
    for _ in range(3):
        compiled.evaluate({"__import__": "95%", "$notes": "__import__('sys').exit(1)"})
    monkeypatch.undo()
    for source in seen:
        assert label not in source
        assert "exit(1)" not in source
        assert "__import__(" not in source
