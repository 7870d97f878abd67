"""Loading the library: the shipped playbooks, stats and content versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.playbook import PlaybookError, load_library
from helpers.playbook.library import lint
from tests.conftest import PROJECT, REQUIRED_STATS


def test_shipped_playbooks_load_without_problems() -> None:
    lib = load_library(PROJECT / "playbooks")
    assert lib.issues == []
    kinds = {d.kind for d in lib.docs}
    # the first slice holds at least one document of every kind
    assert kinds >= {
        "methods",
        "visit_flow",
        "question_bank",
        "product",
        "objection_scenario",
        "quiz",
        "rubric",
        "cadence",
    }


def test_default_path_is_the_configured_playbooks(
    monkeypatch: pytest.MonkeyPatch, mini: Path
) -> None:
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    lib = load_library()
    assert lib.root == mini
    assert lib.stats()["files"] == 9


def test_stats_count_the_mini_library(mini: Path) -> None:
    stats = load_library(mini).stats()
    for key in REQUIRED_STATS:
        assert isinstance(stats[key], int)
    assert stats["stages"] == 2
    assert stats["questions"] == 1
    assert stats["ffab_chains"] == 1
    assert stats["scenarios"] == 1
    assert stats["scenario_categories"] == 1
    assert stats["quiz_items"] == 1
    assert stats["rubric_criteria"] == 1
    assert stats["missing_translations"] == 0


def test_indexes_give_typed_objects(mini: Path) -> None:
    lib = load_library(mini)
    assert lib.canonical_flow is not None
    assert [s.id for s in lib.canonical_flow.ordered()] == ["opening", "handle_objections"]
    assert lib.needs["margin"].text.get("en") == "Good profit per case"
    assert lib.criteria["objection_handling"].anchors[5].zh == "五步齐全。"
    assert lib.scenarios[0].step("s1").choices[0].method_step == "encourage"
    assert lib.terms["divide"][0].id == "arithmetic_tactics"
    assert lib.cadence is not None and lib.cadence.contact_rule.park_after_contacts == 12


def test_strict_load_raises_with_every_problem(mini: Path, edit: Callable) -> None:
    edit(mini / "rubric.yaml", "5: {zh", "6: {zh")
    edit(mini / "product.yaml", "need: margin", "need: speed")
    with pytest.raises(PlaybookError) as info:
        load_library(mini)
    text = str(info.value)
    assert "rubric.yaml" in text and "product.yaml" in text
    assert len(info.value.issues) >= 2


def test_a_load_without_the_checks_across_files_keeps_each_files_own_problems(
    mini: Path, edit: Callable
) -> None:
    edit(mini / "rubric.yaml", "5: {zh", "6: {zh")  # the file's own model refuses it
    edit(mini / "product.yaml", "need: margin", "need: speed")  # a reference to nothing
    checked = {i.code for i in load_library(mini, strict=False).issues}
    quick = load_library(mini, strict=False, checks=False)
    assert "dangling-ref" in checked and "dangling-ref" not in {i.code for i in quick.issues}
    assert [i.file.name for i in quick.issues] == ["rubric.yaml"]
    assert quick.products and not quick.rubrics  # what passed its model is still there


def test_version_ignores_layout_but_not_content(mini: Path, edit: Callable) -> None:
    v0 = load_library(mini).version_of("rubric", "roleplay")
    edit(mini / "rubric.yaml", "kind: rubric\n", "# a comment\nkind:   rubric\n\n")
    assert load_library(mini).version_of("rubric", "roleplay") == v0
    edit(mini / "rubric.yaml", "Uses three steps.", "Uses three of the five steps.")
    v1 = load_library(mini).version_of("rubric", "roleplay")
    assert v1 != v0 and len(v1) == 12


def test_version_of_unknown_document(mini: Path) -> None:
    with pytest.raises(KeyError, match="no rubric document"):
        load_library(mini).version_of("rubric", "nope")


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_library(tmp_path / "absent")


def test_lint_one_file_uses_the_rest_as_context(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    # the scenario refers to a criterion of rubric.yaml: it resolves through the context
    assert lint(mini / "scenario.yaml").issues == []
    edit(mini / "product.yaml", "need: margin", "need: speed")
    # problems of other files are not reported for the one file
    assert lint(mini / "scenario.yaml").issues == []
    assert [i.code for i in lint(mini / "product.yaml").issues] == ["dangling-ref"]


def test_shipped_library_covers_the_whole_method() -> None:
    from helpers.learner.exercises.scenario import best_choice
    from helpers.playbook.coverage import coverage, uncovered

    lib = load_library(PROJECT / "playbooks")
    stats = lib.stats()
    targets = {
        "stages": 12,
        "questions": 60,
        "products": 3,
        "ffab_chains": 12,
        "scenarios": 15,
        "scenario_categories": 6,
        "quiz_items": 40,
        "rubric_criteria": 10,
    }
    short = {k: (stats[k], v) for k, v in targets.items() if stats[k] < v}
    assert not short, f"below the library's targets (have, want): {short}"
    assert stats["missing_translations"] == 0
    assert uncovered(coverage(lib)) == []
    assert {f.variant for f in lib.flows} == {"canonical", "retail_store", "second_visit"}
    assert len(next(f for f in lib.flows if f.variant == "retail_store").stages) == 7
    for bank in lib.question_banks:
        assert len(bank.questions) >= 20, bank.id
        assert {q.type for q in bank.questions} == {"expanding", "limiting", "closed"}, bank.id
    for product in lib.products:
        assert len(product.chains) >= 4, product.id
        kinds = {d.kind for d in product.distractors}
        assert {"unmatched_benefit", "feature_as_benefit"} <= kinds, product.id
    for doc in lib.scenarios:
        # the path of the best choices passes at least three decision points
        step, decisions = doc.step(doc.start), 0
        while step.ending is None:
            decisions += 1
            step = doc.step(best_choice(step).next)
        assert decisions >= 3, doc.id
