"""The top-level guard: a bug inside rubricdsl is exit 3 with a bug-report hint, never a traceback — unless
``--debug`` (or RUBRICDSL_DEBUG=1) asks for one."""

from __future__ import annotations

import pytest

import rubricdsl.cli.check_cmd
from rubricdsl.cli import main
from tests.conftest import SEED_FACTS, SEED_RUBRIC


class PlantedBug(RuntimeError):
    pass


def explode(*args: object, **kwargs: object) -> None:
    raise PlantedBug("planted by the test")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return exited.value.code, out, err


@pytest.fixture()
def broken_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUBRICDSL_DEBUG", raising=False)
    monkeypatch.setattr(rubricdsl.cli.check_cmd, "load_or_exit", explode)


@pytest.mark.usefixtures("broken_loader")
def test_an_internal_error_is_exit_3_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(SEED_RUBRIC))
    assert code == 3
    assert "Traceback" not in out + err
    assert "PlantedBug" not in err
    assert "internal error" in err and "--debug" in err
    assert "内部错误" in err


@pytest.mark.usefixtures("broken_loader")
def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--debug", "check", str(SEED_RUBRIC))
    assert code == 3
    assert "Traceback" in err
    assert "PlantedBug: planted by the test" in err


@pytest.mark.usefixtures("broken_loader")
def test_the_environment_variable_shows_the_traceback_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUBRICDSL_DEBUG", "1")
    code, _, err = run(capsys, "check", str(SEED_RUBRIC))
    assert code == 3
    assert "PlantedBug" in err


def test_a_bug_during_evaluation_is_caught_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUBRICDSL_DEBUG", raising=False)
    monkeypatch.setattr("rubricdsl.compiled.CompiledRubric.evaluate", explode)
    code, out, err = run(capsys, "eval", str(SEED_RUBRIC), str(SEED_FACTS))
    assert code == 3
    assert "Traceback" not in out + err


def test_a_recursion_error_is_an_internal_error_not_a_crash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def recurse(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.delenv("RUBRICDSL_DEBUG", raising=False)
    monkeypatch.setattr(rubricdsl.cli.check_cmd, "load_or_exit", recurse)
    code, _, err = run(capsys, "check", str(SEED_RUBRIC))
    assert code == 3
    assert "Traceback" not in err


def test_without_a_bug_the_guard_stays_out_of_the_way(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(SEED_RUBRIC), "--lang", "en")
    assert code == 0
    assert "ok (" in out
    assert err == ""


def test_a_usage_error_is_exit_2_not_an_internal_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "eval", str(SEED_RUBRIC), "/no/such/facts.json", "--lang", "en")
    assert code == 2
    assert "internal error" not in err
