"""Responding to a customer's news: action, timing and words, each graded."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.care_events import grade_event_response
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def cases():
    lib = load_library(PROJECT / "playbooks")
    return lib, lib.of_kind("event_responses")[0].cases


def test_every_case_can_be_answered_in_full(cases) -> None:
    lib, all_cases = cases
    for case in all_cases:
        action = next(m.id for m in case.actions if m.fits)
        timing = next(m.id for m in case.timings if m.fits)
        lines = [p.id for p in case.lines if p.right]
        r = grade_event_response(case, action, timing, lines, lib)
        assert (r.score, r.max_score, r.missed) == (3, 3, []), case.id


def test_a_wrong_action_says_why_and_what_fits_and_wrong_lines_cost(cases) -> None:
    lib, all_cases = cases
    case = next(c for c in all_cases if c.id == "ev_owner_surgery")
    r = grade_event_response(case, "deputy", "today", ["rest", "same_order"], lib)
    action = r.items[0]
    deputy = next(a for a in case.actions if a.id == "deputy")
    assert not action.ok and action.text.en.startswith(f"That action does not fit. {deputy.why.en}")
    assert "Ring Mr Sun briefly" in action.text.en and "(Illness and loss)" in action.text.en
    assert r.items[2].points == 0  # one right tick, one wrong one
    assert "Not these" in r.items[2].text.en
    assert r.score == 1 and r.missed == ["hard_times"]
    assert grade_event_response(case, None, None, [], lib).items[0].item == "answer"
