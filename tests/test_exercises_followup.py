"""Follow-up exercises: grading accounts, visit plans, the probability principles, distance."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.exercises import followup
from helpers.playbook import load_library


@pytest.fixture
def lib(mini: Path):
    return load_library(mini)


def test_grade_account(lib) -> None:
    big, shop = lib.account_cases
    assert followup.grade_account(big, "a").score == 1
    r = followup.grade_account(shop, "B")
    assert r.score == 0
    assert r.lines("en")[0][1].startswith("This is a grade D account, not B.")
    assert r.lines("en")[1][1] == "MAN rule: Need (N) is not known yet; find out on the next visit."
    assert followup.grade_account(shop, "").score == 0


def test_visit_plan(lib) -> None:
    cad = lib.cadence
    grades = {"li": "A", "wang": "B", "zhao": "C"}
    good = {"li": [(1, "am")], "wang": [(2, "pm")], "zhao": [(3, "am")]}
    assert followup.check_visit_plan(cad, grades, good).score == 3
    bad = {"li": [(1, "pm")], "wang": [(3, "am")]}
    r = followup.check_visit_plan(cad, grades, bad)
    assert r.score == 0
    text = [t for _, t in r.lines("en")]
    assert "li: grade A accounts are visited in the morning." in text
    assert "wang: grade B accounts are visited in week 2." in text
    assert "zhao: only 0 visit(s) planned; at least 1 needed." in text
    assert followup.check_visit_plan(cad, grades, {}).score == 0


def test_forecast_follows_the_benchmarks(lib) -> None:
    cad = lib.cadence
    # one deal in 20 leads at 5%, with twelve contacts each
    f = followup.forecast(cad, leads=20, contacts_per_lead=12, conversion=0.05)
    assert f.expected_deals == pytest.approx(1.0)
    # almost surely one deal in 100 leads, even at 5%
    assert followup.forecast(cad, 100, 12, 0.05).p_at_least_one > 0.99
    # half the contacts: half the way to a first order
    assert followup.forecast(cad, 20, 6, 0.05).expected_deals == pytest.approx(0.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        followup.forecast(cad, 10, 12, 5)
    curves = followup.forecast_curves(cad, max_leads=100)
    assert curves["deals_high"][100] == pytest.approx(5.0)
    assert curves["deals_low"][100] == pytest.approx(1.0)


def test_distance_stage(lib) -> None:
    cad = lib.cadence
    doctor = ["contact_name", "contact_phone", "company_address", "business_scope"]
    teacher = [*doctor, "needs", "competitors", "decision_chain"]
    assert followup.distance_stage(cad, doctor[:2]) is None
    assert followup.distance_stage(cad, doctor).id == "doctor"
    assert followup.distance_stage(cad, teacher).id == "teacher"
    # deep personal facts without the needs do not make a friend
    assert followup.distance_stage(cad, [*doctor, "birthday", "family"]).id == "doctor"
    r = followup.place_profile(cad, doctor, "teacher")
    assert r.score == 0
    assert r.lines("en")[1][1].startswith("To reach the Teacher stage, find out: Main requirements")
    assert followup.place_profile(cad, doctor[:1], "none").score == 1
