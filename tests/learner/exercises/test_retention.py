"""Keeping or winning: the documents' multiples applied to what keeping a customer costs."""

from __future__ import annotations

from helpers.learner.exercises.retention import check_retention, win_costs
from helpers.playbook import load_library
from tests.conftest import PROJECT


def test_win_costs_at_6_and_25_times() -> None:
    lib = load_library(PROJECT / "playbooks")
    programme = lib.of_kind("care_programme")[0]
    case = next(c for c in programme.retention if c.id == "rt_pharmacy")
    assert win_costs(programme, case) == (14400, 60000)
    assert check_retention(programme, case, 14400, 60000, lib).score == 2
    r = check_retention(programme, case, 2400 * 25, None, lib)
    assert r.score == 0 and "6 times 2,400 yuan, which is 14,400 yuan" in r.items[0].text.en
    assert case.why.en in [f.text.en for f in r.items]
    assert check_retention(programme, case, None, None, lib).items[0].item == "answer"
