"""Lint of field cases: principles named, turns reachable, two endings, scores that side with the
principles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.playbook import load_library
from helpers.playbook.issues import PlaybookError
from tests.learner.exercises.test_cases import CASE, PRINCIPLES


@pytest.fixture
def cased(mini: Path) -> Path:
    (mini / "principles.yaml").write_text(PRINCIPLES, encoding="utf-8")
    (mini / "case.yaml").write_text(CASE, encoding="utf-8")
    return mini


def codes(root: Path) -> list[str]:
    return [i.code for i in load_library(root, strict=False).issues]


def test_the_mini_case_is_clean(cased: Path) -> None:
    lib = load_library(cased)
    assert lib.issues == []
    assert lib.stats()["field_cases"] == 1 and lib.stats()["case_principles"] == 2


def test_an_unknown_principle_is_a_dangling_reference(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "uses: [margin]", "uses: [margins]")
    lib = load_library(cased, strict=False)
    [issue] = lib.issues
    assert issue.code == "dangling-ref" and "'margin'" in issue.message  # did you mean
    with pytest.raises(PlaybookError):
        load_library(cased)


def test_method_terms_of_the_principles_methods_may_be_named(cased: Path, edit: Callable) -> None:
    edit(cased / "methods.yaml", "  - id: objection_steps", "  - id: four_principles\n"
         "    name: {zh: 四原则, en: Four principles}\n    summary: {zh: 四条。, en: Four.}\n"
         "    terms:\n      - id: quantity_probability\n"
         "        name: {zh: 数量概率, en: Quantity probability}\n"
         "        description: {zh: 多接触。, en: Contact many.}\n"
         "  - id: objection_steps")  # fmt: skip
    edit(cased / "case.yaml", "uses: [margin]", "uses: [margin, quantity_probability]")
    assert codes(cased) == []
    edit(
        cased / "case.yaml",
        "uses: [supply]\n        score: 3",
        "uses: [encourage]\n        score: 3",
    )
    assert codes(cased) == ["dangling-ref"]  # an objection step is not a principle


def test_an_untagged_decision_is_refused(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "        uses: [margin]\n", "")
    lib = load_library(cased, strict=False)
    assert [i.code for i in lib.issues] == ["schema"]
    assert "uses or breaks" in lib.issues[0].message


def test_a_decision_that_uses_and_breaks_one_principle(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "breaks: [margin]", "breaks: [supply]")
    assert codes(cased) == ["schema"]


def test_a_case_with_one_outcome(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "outcome: lost", "outcome: won")
    edit(cased / "case.yaml", "outcome: open", "outcome: won")
    # the weak paths now win too
    assert codes(cased) == ["case-endings", "case-won-unearned", "case-won-unearned"]
    load_library(cased)  # a teaching problem: the case still loads


def test_a_win_the_path_did_not_earn(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "outcome: open", "outcome: won")
    [issue] = load_library(cased, strict=False).issues
    assert issue.code == "case-won-unearned" and issue.field == "steps[4].ending.outcome"
    assert issue.message == (
        "a win must be earned by the whole path: at least 5 of the best path's 6 points, "
        "and no principle broken at the last 2 decisions; paths that reach 'half' short of "
        "that: 1, e.g. wait → pay (3 points)"
    )
    load_library(cased)  # a teaching problem: the case still loads


def test_a_win_with_a_principle_broken_at_the_end(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "score: 1\n        historical", "score: 2\n        historical")
    assert codes(cased) == []
    edit(cased / "case.yaml", "next: lost", "next: kept")  # 5 of 6, but breaking margin last
    [issue] = load_library(cased, strict=False).issues
    assert issue.code == "case-won-unearned"
    assert issue.message.endswith(
        "paths that reach 'kept' short of that: 1, e.g. stock → squeeze (5 points)"
    )


def test_a_best_decision_that_breaks_a_principle(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "score: 1\n        historical", "score: 3\n        historical")
    assert codes(cased) == ["case-best-breaks"]
    edit(cased / "case.yaml", "uses: [margin]", "breaks: [supply]")
    edit(
        cased / "case.yaml",
        "        uses: [supply]\n        breaks: [margin]",
        "        breaks: [margin]",
    )
    assert sorted(codes(cased)) == [
        "case-best-breaks",
        "case-best-breaks",
        "case-best-untaught",
        "case-won-unearned",  # stock → pay now breaks a principle at the last turn
    ]


def test_a_loop_and_an_unknown_turn(cased: Path, edit: Callable) -> None:
    edit(cased / "case.yaml", "next: kept", "next: t1")
    assert "endless-path" in codes(cased)
    edit(cased / "case.yaml", "next: t1", "next: nowhere")
    assert "dangling-ref" in codes(cased)


def test_a_turn_without_its_situation(cased: Path, edit: Callable) -> None:
    edit(
        cased / "case.yaml",
        "    situation: {zh: 经销商要补偿。, en: Dealers want compensation.}\n",
        "",
    )
    assert codes(cased) == ["schema"]
