"""Which role-plays a trainer can score, and the rubric and criteria each comes with."""

from __future__ import annotations

import pytest

from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.trainer.roleplays import (
    brief_of,
    criteria_for,
    default_rubric,
    find_roleplay,
    roleplays,
    rubric_for,
)
from tests.conftest import PROJECT

KEY_ACCOUNT_CRITERIA = ("calling_high_visit", "account_plan_review")


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(PROJECT / "playbooks")


def rubric(lib: Library, rubric_id: str):
    return next(r for r in lib.rubrics if r.id == rubric_id)


@pytest.mark.parametrize("criterion", KEY_ACCOUNT_CRITERIA)
def test_each_key_account_criterion_has_a_roleplay_scored_on_it_alone(
    lib: Library, criterion: str
) -> None:
    briefs = [b for b in lib.roleplay_briefs if criterion in b.criteria]
    assert len(briefs) == 1
    brief = briefs[0]
    assert rubric_for(lib, brief.id) is rubric(lib, "key_account_rubric")
    assert [c.id for c in criteria_for(lib, rubric_for(lib, brief.id), brief.id)] == [criterion]
    assert brief.cues(criterion) and all(c.zh and c.en for c in brief.cues(criterion))


def test_briefs_are_offered_with_the_objection_scenarios(lib: Library) -> None:
    offered = [r.id for r in roleplays(lib)]
    assert offered[: len(lib.scenarios)] == [s.id for s in lib.scenarios]
    assert {b.id for b in lib.roleplay_briefs} <= set(offered)
    assert len(set(offered)) == len(offered)
    brief = lib.roleplay_briefs[0]
    assert find_roleplay(lib, brief.id) is brief and brief_of(lib, brief.id) is brief
    assert brief_of(lib, lib.scenarios[0].id) is None
    assert find_roleplay(lib, "") is None and find_roleplay(lib, "no_such") is None


def test_an_objection_scenario_is_scored_on_the_whole_visit_rubric(lib: Library) -> None:
    visit = rubric(lib, "roleplay_rubric")
    for scenario in lib.scenarios:
        assert rubric_for(lib, scenario.id) is visit, scenario.id
        assert criteria_for(lib, visit, scenario.id) == list(visit.criteria)


def test_a_brief_scored_on_another_rubric_asks_for_all_of_it(lib: Library) -> None:
    visit = rubric(lib, "roleplay_rubric")
    brief = lib.roleplay_briefs[0]
    assert criteria_for(lib, visit, brief.id) == list(visit.criteria)
    assert criteria_for(lib, visit, "") == list(visit.criteria)
    assert rubric_for(lib, "") is None


def test_the_rubric_offered_first_is_the_one_most_roleplays_use(lib: Library) -> None:
    # file order alone would put another rubric first
    assert lib.rubrics[0].id != "roleplay_rubric"
    assert default_rubric(lib) is rubric(lib, "roleplay_rubric")
