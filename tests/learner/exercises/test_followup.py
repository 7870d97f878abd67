"""Follow-up exercises: grading accounts, visit plans, the probability principles, distance."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.learner.exercises import followup
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
    assert "zhao: visits planned: 0; at least 1 needed." in text
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


@pytest.mark.parametrize("answer", ["a", "A级", " a 级 ", "A 级"])
def test_grade_account_reads_the_letter_leniently(lib, answer: str) -> None:
    big = lib.account_cases[0]
    r = followup.grade_account(big, answer)
    assert r.score == 1
    assert r.lines("en")[0][1].startswith("Right, this is a grade A account.")


def test_grade_account_names_what_is_not_a_grade(lib) -> None:
    big = lib.account_cases[0]
    for answer in ("E", "甲", "Grade A"):
        r = followup.grade_account(big, answer)
        assert r.score == 0, answer
        assert r.lines("en")[0] == (False, f'"{answer}" is not one of the options here.')
        assert "not (none)" in r.lines("en")[1][1]
    assert followup.grade_account(big, "级").items[0].item == "answer"  # nothing but the suffix
    assert followup.grade_account(big, None).score == 0


def test_visit_plan_names_accounts_in_failure_lines(lib) -> None:
    from helpers.playbook.models import Text

    names = {"li": Text(zh="李记", en="Li's store"), "wang": Text(zh="王家", en="Wang's")}
    r = followup.check_visit_plan(
        lib.cadence, {"li": "A", "wang": "B"}, {"li": [(1, "pm")], "wang": [(2, "am")]}, names
    )
    assert r.lines("en")[0] == (False, "Li's store: grade A accounts are visited in the morning.")
    assert r.lines("zh")[0] == (False, "李记：A 级客户要安排在上午拜访。")
    assert r.lines("en")[1] == (True, "Wang's: planned right for a grade B account.")
    assert all(not t.startswith("li:") for _, t in r.lines("en"))


def test_visit_plan_counts_a_repeated_slot_once(lib) -> None:
    cad = lib.cadence
    twice_a_month = cad.model_copy(
        update={
            "grades": [
                g.model_copy(update={"min_visits_per_month": 2}) if g.id == "A" else g
                for g in cad.grades
            ]
        }
    )
    r = followup.check_visit_plan(twice_a_month, {"li": "A"}, {"li": [(1, "am"), (1, "am")]})
    assert r.score == 0
    text = [t for _, t in r.lines("en")]
    assert 'li: "Week 1 morning" was picked more than once; use each only once.' in text
    assert "li: visits planned: 1; at least 2 needed." in text
    ok = followup.check_visit_plan(twice_a_month, {"li": "A"}, {"li": [(1, "am"), (3, "pm")]})
    assert ok.score == 1


def test_visit_plan_names_unknown_accounts_and_slots(lib) -> None:
    r = followup.check_visit_plan(
        lib.cadence, {"li": "A"}, {"li": [(1, "am"), (5, "am"), (2, "noon")], "ghost": [(1, "am")]}
    )
    assert r.score == 1
    text = [t for _, t in r.lines("en")]
    assert '"ghost" is not one of the options here.' in text
    assert '"5-am" is not one of the options here.' in text
    assert '"2-noon" is not one of the options here.' in text


def test_distance_profiles_are_stable_and_have_ids(lib) -> None:
    cad = lib.cadence
    profiles = [followup.distance_profile(cad, i) for i in range(followup.DISTANCE_PROFILES)]
    assert profiles == [followup.distance_profile(cad, i) for i in range(3)]
    known = {f.id for f in cad.profile_fields}
    assert all(set(p) <= known for p in profiles)
    assert followup.distance_exercise_id(0) == "distance:profile_1"
    r = followup.place_profile(cad, profiles[0], "doctor", followup.distance_exercise_id(0))
    assert r.exercise_id == "distance:profile_1"


def test_place_profile_edge_cases(lib) -> None:
    cad = lib.cadence
    doctor = ["contact_name", "contact_phone", "company_address", "business_scope"]
    assert followup.place_profile(cad, doctor, None).items[0].item == "answer"
    # the stage's name, in either language, is not its id
    for answer in ("医生", "Doctor"):
        r = followup.place_profile(cad, doctor, answer)
        assert r.score == 0 and r.missed == ["psychological_distance"]
        assert r.lines("en")[0] == (False, f'"{answer}" is not one of the options here.')
        assert "not (none)" in r.lines("en")[1][1]
    # unknown and repeated fields change nothing
    assert followup.place_profile(cad, [*doctor, *doctor, "shoe_size"], "doctor").score == 1
    early = followup.place_profile(cad, doctor[:1], "doctor")
    assert early.score == 0 and early.missed == ["psychological_distance"]
    wrong = followup.place_profile(cad, doctor, "none")
    assert "not Not at any stage yet" in wrong.lines("en")[0][1]


def test_lists_in_feedback_use_the_language_s_separator(lib) -> None:
    from helpers.learner.exercises.result import list_separator

    assert (list_separator("en"), list_separator("zh")) == (", ", "、")
    doctor = ["contact_name", "contact_phone", "company_address", "business_scope"]
    r = followup.place_profile(lib.cadence, doctor, "doctor")
    assert r.lines("en")[1][1] == (
        "To reach the Teacher stage, find out: Main requirements, "
        "Competing products and suppliers in use, Who decides and who influences."
    )
    assert (
        r.lines("zh")[1][1]
        == "要走到“老师”阶段，还需要了解：主要需求、在用的竞品与供应商、决策人与影响人。"
    )
