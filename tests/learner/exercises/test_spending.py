"""Spending rules: claims paid after sell-through and payment, statement deadlines in
working days, and the advance cap."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.learner.exercises.spending import (
    grade_advance,
    grade_claim,
    grade_statement,
    nth_working_day,
    working_days,
)
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def doc():
    lib = load_library(PROJECT / "playbooks")
    return lib, lib.of_kind("spending_rules")[0]


def case(doc, kind: str, case_id: str):
    return next(c for c in getattr(doc, kind) if c.id == case_id)


def test_working_days_skip_weekends_and_holidays_and_count_days_worked() -> None:
    october = working_days(
        dt.date(2026, 10, 1),
        [dt.date(2026, 10, d) for d in (1, 2, 5, 6, 7)],
        [dt.date(2026, 10, 10)],
    )
    assert october[:4] == [dt.date(2026, 10, d) for d in (8, 9, 10, 12)]
    assert working_days(dt.date(2027, 8, 1))[:3] == [dt.date(2027, 8, d) for d in (2, 3, 4)]


@pytest.mark.parametrize(
    ("case_id", "due", "review", "on_time"),
    [
        ("st_october", dt.date(2026, 10, 10), dt.date(2026, 10, 16), False),
        ("st_may", dt.date(2027, 5, 8), dt.date(2027, 5, 14), True),
        ("st_august", dt.date(2027, 8, 4), dt.date(2027, 8, 11), True),
    ],
)
def test_statement_deadlines(doc, case_id, due, review, on_time) -> None:
    lib, rules = doc
    st = case(rules, "statements", case_id)
    assert nth_working_day(st, 3) == due and nth_working_day(st, 8) == review
    assert grade_statement(rules, st, due, on_time, review, lib).score == 3
    calendar_day = st.month.replace(day=3)
    r = grade_statement(rules, st, calendar_day, not on_time, None, lib)
    assert r.score == (1 if calendar_day == due else 0)
    assert r.missed == ["statement_deadlines"]


def test_a_late_statement_names_both_days(doc) -> None:
    lib, rules = doc
    r = grade_statement(rules, case(rules, "statements", "st_october"), None, True, None, lib)
    late = next(f for f in r.items if f.item == "on_time")
    assert late.text.en.startswith("You misjudged whether it was on time. Handed in on 12 Oct")
    assert not late.ok and "12 October, after the due day (10 October), so late." in late.text.en
    assert late.text.zh.startswith("按时还是迟交判断错了。10 月 12 日交表")
    assert "10 October (Saturday)" in r.items[0].text.en


@pytest.mark.parametrize(
    ("claim_id", "missing"),
    [
        ("cl_anniversary_paid", []),
        ("cl_anniversary_unpaid", ["payment"]),
        ("cl_prepaid_unsold", ["sell_through"]),
        ("cl_new_supermarket", ["sell_through", "payment"]),
    ],
)
def test_claims_are_paid_only_after_sell_through_and_payment(doc, claim_id, missing) -> None:
    lib, rules = doc
    claim = case(rules, "claims", claim_id)
    decision = "hold" if missing else "pay"
    assert grade_claim(claim, decision, missing, lib).score == 2
    other = "pay" if missing else "hold"
    r = grade_claim(claim, other, [], lib)
    assert r.items[0].ok is False and r.missed == ["paid_after_sales"]


def test_the_unpaid_claim_names_payment(doc) -> None:
    lib, rules = doc
    r = grade_claim(case(rules, "claims", "cl_anniversary_unpaid"), "pay", [], lib)
    assert r.items[0].text.en.startswith("It cannot be paid yet. Still missing: payment. ")
    assert r.score == 0


@pytest.mark.parametrize(
    ("case_id", "over", "room"),
    [("ad_within", False, 1800), ("ad_over", True, 1000), ("ad_full", True, 0)],
)
def test_advances_against_the_cap(doc, case_id, over, room) -> None:
    lib, rules = doc
    adv = case(rules, "advances", case_id)
    assert grade_advance(rules, adv, over, room, lib).score == 2
    r = grade_advance(rules, adv, not over, room + 500, lib)
    assert r.score == 0 and f"{room:,.0f} yuan" in r.items[1].text.en
    cap = r.items[0].text
    assert cap.en.startswith("You judged the cap wrongly. " + ("Over" if over else "Within"))
    assert cap.zh.startswith("上限判断错了。" + ("超了" if over else "没有超"))
    assert grade_advance(rules, adv, None, None, lib).items[0].item == "answer"
