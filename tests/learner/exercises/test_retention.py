"""Keeping or winning: the documents' multiple applied to what keeping a customer costs."""

from __future__ import annotations

from helpers.learner.exercises.retention import check_retention, win_cost
from helpers.playbook import load_library
from tests.conftest import PROJECT


def test_winning_a_replacement_costs_25_times_the_upkeep() -> None:
    lib = load_library(PROJECT / "playbooks")
    programme = lib.of_kind("care_programme")[0]
    case = next(c for c in programme.retention if c.id == "rt_pharmacy")
    assert win_cost(programme, case) == 60000
    right = check_retention(programme, case, 60000, lib)
    assert (right.score, right.max_score) == (1, 1)
    assert "Right: 25 times 2,400 yuan is 60,000 yuan" in right.items[0].text.en
    # 6 times is the benefit of a kept customer, not a cost: it earns nothing
    r = check_retention(programme, case, 2400 * 6, lib)
    assert r.score == 0 and "It is 25 times 2,400 yuan, which is 60,000 yuan" in r.items[0].text.en
    assert case.why.en in [f.text.en for f in r.items]
    assert "6 times the benefit" in case.why.en
    assert check_retention(programme, case, None, lib).items[0].item == "answer"


def test_every_case_states_the_programme_s_multiple() -> None:
    lib = load_library(PROJECT / "playbooks")
    programme = lib.of_kind("care_programme")[0]
    factor = f"{programme.win_cost_factor:g}"
    for case in programme.retention:
        assert f"{factor} 倍" in case.description.zh, case.id
        assert f"{factor} times" in case.description.en, case.id
        assert f"{factor} 倍" in case.why.zh and f"{factor} times" in case.why.en, case.id
