"""The customer file and the quarter's maintenance calendar, checked against the programme."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from helpers.learner.exercises.calendar import (
    check_calendar,
    check_file_notes,
    month_label,
    quarter_events,
    weekday_label,
)
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


@pytest.fixture(scope="module")
def wang(lib):
    return next(
        c for d in lib.of_kind("customer_files") for c in d.cases if c.id == "cf_wang_pharmacy"
    )


@pytest.fixture(scope="module")
def programme(lib):
    return lib.of_kind("care_programme")[0]


@pytest.fixture(scope="module")
def grade_a(lib):
    return next(g for g in lib.cadence.grades if g.id == "A")


GOOD = [
    {"line": "c1_visit_tea", "date": "2027-01-12"},
    {"line": "c1_training", "date": "2027-02-16"},
    {"line": "c1_visit_tea", "date": "2027-02-16"},
    {"line": "c1_support_anniv", "date": "2027-03-16"},
    {"line": "c1_call_son", "date": "2027-01-05", "time": "am"},
    {"line": "c1_call_health", "date": "2027-02-18", "time": "evening"},
    {"line": "c1_call_son", "date": "2027-03-02", "time": "pm"},
    {"line": "c1_greet_spring", "date": "2027-02-05"},
    {"line": "c1_greet_birthday", "date": "2027-03-12"},
    {"line": "c1_call_mother", "date": "2027-01-19"},
    {"line": "c1_call_storm", "date": "2027-01-27"},
]


def by_item(result) -> dict:
    out: dict = {}
    for f in result.items:
        out.setdefault(f.item, []).append(f)
    return out


def test_the_quarter_s_events_come_from_the_file_the_festivals_and_the_case(wang, programme):
    events = {e.id: e.day for e in quarter_events(wang, programme)}
    assert events == {
        "mother_ill": dt.date(2027, 1, 19),
        "ice_storm": dt.date(2027, 1, 26),
        "spring_festival": dt.date(2027, 2, 6),
        "birthday": dt.date(2027, 3, 12),
        "store_anniversary": dt.date(2027, 3, 28),
    }


def test_a_plan_by_the_rules_scores_full_marks(lib, wang, programme, grade_a):
    r = check_calendar(wang, programme, grade_a, GOOD, lib)
    assert (r.score, r.max_score) == (13, 13) and r.missed == []


def test_what_is_missing_is_named_with_its_rule(lib, wang, programme, grade_a):
    plan = [a for a in GOOD if a["line"] not in ("c1_greet_birthday", "c1_training")]
    plan = [a for a in plan if a["date"] != "2027-02-16"]
    r = check_calendar(wang, programme, grade_a, plan, lib)
    items = by_item(r)
    assert not items["month_2"][0].ok
    assert "February: no visit at all. A grade A customer needs at least 1 a month." in (
        items["month_2"][0].text.en
    )
    assert not items["birthday"][0].ok
    assert "on the birthday itself" in items["birthday"][0].text.en
    assert not items["training"][0].ok
    # with February's visit gone, the care visits fall in one month only
    assert not items["visits"][0].ok and items["visits"][0].points == 0
    assert "Months with a care visit bringing a small gift and leaders' greetings: 1." in (
        items["visits"][0].text.en
    )
    assert r.missed == ["monthly_visits", "personal_events", "staff_training"]
    assert r.score == 9


def test_calls_on_one_weekday_are_not_irregular_and_business_talk_is_flagged(
    lib, wang, programme, grade_a
):
    calls = [
        {"line": "c1_call_son", "date": "2027-01-05", "time": "am"},  # all Tuesdays
        {"line": "c1_call_health", "date": "2027-02-09", "time": "pm"},
        {"line": "c1_call_stock", "date": "2027-03-09", "time": "evening"},
    ]
    plan = [a for a in GOOD if not a["line"].startswith("c1_call_") or "mother" in a["line"]]
    plan += [a for a in GOOD if a["line"] == "c1_call_storm"] + calls
    r = check_calendar(wang, programme, grade_a, plan, lib)
    items = by_item(r)
    assert items["calls"][0].ok
    assert not items["calls_irregular"][0].ok and "Tuesday" in items["calls_irregular"][0].text.en
    talk = items["calls_talk"]
    assert not talk[0].ok and talk[0].points == 0 and "it talks business" in talk[0].text.en
    assert r.score == 11
    days = ["2027-01-05", "2027-02-10", "2027-03-11"]
    same_time = [{**c, "time": "am", "date": d} for c, d in zip(calls, days, strict=True)]
    r = check_calendar(wang, programme, grade_a, [*plan[: -len(calls)], *same_time], lib)
    assert "Every care call is in the morning" in by_item(r)["calls_irregular"][0].text.en


def test_what_is_overdone_is_named(lib, wang, programme, grade_a):
    plan = [
        *GOOD,
        {"line": "c1_visit_card", "date": "2027-01-20"},
        {"line": "c1_visit_tea", "date": "2027-01-22"},
        {"line": "c1_visit_tea", "date": "2027-01-26"},
    ]
    r = check_calendar(wang, programme, grade_a, plan, lib)
    items = by_item(r)
    assert not items["month_1"][0].ok
    assert items["month_1"][0].text.en.startswith(
        "Visits on site in January: 3, which is overdone."
    )
    visits = items["visits"]
    assert not visits[0].ok and "the gift is too big" in visits[0].text.en
    assert r.score == 11


def test_an_event_answered_late_or_with_a_template_loses_its_point(lib, wang, programme, grade_a):
    plan = [a for a in GOOD if a["line"] not in ("c1_call_mother", "c1_greet_spring")]
    plan += [
        {"line": "c1_call_mother", "date": "2027-01-25"},
        {"line": "c1_greet_poster", "date": "2027-02-05"},
    ]
    r = check_calendar(wang, programme, grade_a, plan, lib)
    items = by_item(r)
    assert not items["mother_ill"][0].ok and "25 January" in items["mother_ill"][0].text.en
    assert not items["spring_festival"][0].ok
    assert (
        "the timing is right, but it is a forwarded template. Everyone recognises"
        in items["spring_festival"][0].text.en
    )
    assert r.score == 11


def test_rows_that_cannot_be_placed_are_named_and_an_empty_plan_is_no_answer(
    lib, wang, programme, grade_a
):
    rows = [
        {"line": "c1_visit_tea", "date": "2027-05-01"},
        {"line": "c1_call_son", "date": None},
        {"line": "nope", "date": "2027-01-03"},
        {"line": None, "date": None},
    ]
    r = check_calendar(wang, programme, grade_a, rows, lib)
    text = " ".join(t for _, t in r.lines("en"))
    assert "outside the quarter" in text and "has no date" in text and '"nope"' in text
    assert r.score == 0
    empty = check_calendar(wang, programme, grade_a, [{"line": None, "date": None}], lib)
    assert empty.items[0].item == "answer" and empty.max_score == 13


def test_the_file_notes(lib, wang):
    basic = [n.id for n in wang.notes if n.basic]
    assert check_file_notes(wang, basic, lib).ratio == 1
    confidence = next(n for n in wang.notes if not n.basic)
    r = check_file_notes(wang, [*basic[1:], confidence.id], lib)
    assert r.score == len(wang.notes) - 2 and r.missed == ["customer_file"]
    wrong = next(f for f in r.items if f.item == confidence.id)
    assert (
        "does not belong in the basic file" in wrong.text.en and confidence.why.en in wrong.text.en
    )
    assert check_file_notes(wang, [], lib).items[0].item == "answer"


def test_care_visits_in_one_month_only_lose_the_visits_point(lib, wang, programme, grade_a):
    # February keeps its training, so every month still has a visit on site
    plan = [a for a in GOOD if not (a["line"] == "c1_visit_tea" and a["date"] == "2027-02-16")]
    r = check_calendar(wang, programme, grade_a, plan, lib)
    items = by_item(r)
    assert all(items[f"month_{m}"][0].ok for m in (1, 2, 3))
    (visits,) = items["visits"]
    assert not visits.ok and visits.points == 0
    assert "trainings and support visits do not stand in for them" in visits.text.en
    assert "培训和店庆支持代替不了它" in visits.text.zh
    assert r.score == 12 and r.missed == ["monthly_visits"]


def test_a_flawed_line_says_what_is_wrong_with_it_in_a_sentence(lib, wang, programme, grade_a):
    plan = [*GOOD, {"line": "c1_visit_policy", "date": "2027-03-02"}]
    r = check_calendar(wang, programme, grade_a, plan, lib)
    (visits,) = by_item(r)["visits"]
    assert visits.text.en.startswith(
        "Call in empty-handed and go through next quarter's new terms and her purchase target. "
        "This one is flawed because it brings neither a small gift nor our leaders' greetings. "
        "This is a work visit"
    )
    assert visits.text.zh.startswith("问题在于没带小礼品和领导的问候：空手上门")


def test_month_and_weekday_names_are_one_catalogue_entry_each():
    for month in range(1, 13):
        label = month_label(month)
        assert (label.zh, label.en) == (f"{month} 月", calendar.month_name[month])
    for offset in range(7):
        label = weekday_label(dt.date(2027, 1, 4) + dt.timedelta(days=offset))
        assert label.en == calendar.day_name[offset] and label.zh.startswith("周")
