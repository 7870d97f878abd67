"""Receivables in three classes: date arithmetic at the boundaries, actions and supply."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.learner.exercises.receivables import (
    ACTIONS,
    class_b_from,
    receivable_class,
    sort_receivables,
    supply_action,
)
from helpers.playbook import load_library
from helpers.playbook.models import Receivable, Text
from tests.conftest import PROJECT

D = dt.date


def entry(due: dt.date, completed: dt.date | None = None, reminders: int = 0) -> Receivable:
    return Receivable(
        id="e", customer=Text(zh="客户", en="customer"), amount=1, completed=completed,
        due=due, reminders=reminders,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "want"),
    [
        (D(2026, 3, 31), "rc_a"),  # exactly a year past the due date: not yet more than a year
        (D(2026, 4, 1), "rc_b"),
        (D(2026, 9, 30), "rc_b"),  # six more months run to 30 September
        (D(2026, 10, 1), "rc_c"),
    ],
)
def test_a_year_past_the_contract_date(as_of: dt.date, want: str) -> None:
    assert receivable_class(entry(D(2025, 3, 31)), as_of) == want


@pytest.mark.parametrize(
    ("as_of", "want"),
    [(D(2026, 7, 10), "rc_a"), (D(2026, 7, 11), "rc_b"), (D(2027, 1, 11), "rc_c")],
)
def test_eighteen_months_after_topping_out_comes_first(as_of: dt.date, want: str) -> None:
    e = entry(D(2026, 1, 10), completed=D(2025, 1, 10))
    assert class_b_from(e) == D(2026, 7, 10)
    assert receivable_class(e, as_of) == want


def test_month_ends_are_clamped() -> None:
    # 31 August + 18 months is the last day of February
    e = entry(D(2027, 8, 31), completed=D(2025, 8, 31))
    assert class_b_from(e) == D(2027, 2, 28)
    assert receivable_class(e, D(2027, 3, 1)) == "rc_b"


@pytest.mark.parametrize(
    ("n", "want"), [(0, "remind"), (1, "remind"), (2, "final"), (3, "stop"), (5, "stop")]
)
def test_supply_stops_after_three_reminders(n: int, want: str) -> None:
    assert supply_action(n) == want


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def test_the_shipped_ledgers_hold_every_class_and_boundary(lib) -> None:
    ledgers = lib.of_kind("receivables")[0].ledgers
    seen = {receivable_class(e, g.as_of) for g in ledgers for e in g.entries}
    assert seen == {"rc_a", "rc_b", "rc_c"}
    on_the_day = [e.id for g in ledgers for e in g.entries if class_b_from(e) == g.as_of]
    assert on_the_day  # a balance on its last day as class A


def test_grading_names_the_dates_and_the_rule(lib) -> None:
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    right = {
        e.id: {
            "class": receivable_class(e, ledger.as_of),
            "action": ACTIONS[receivable_class(e, ledger.as_of)],
            "supply": supply_action(e.reminders),
        }
        for e in ledger.entries
    }
    r = sort_receivables(ledger, right, lib)
    assert r.score == r.max_score == 3 * len(ledger.entries)
    wrong = dict(right, rcv_logistics={"class": "rc_b", "action": "team", "supply": "remind"})
    r = sort_receivables(ledger, wrong, lib)
    assert r.score == r.max_score - 3
    lines = {f.item: f for f in r.items}
    assert "2026-06-01" in lines["rcv_logistics.class"].text.en
    assert "Class C" in lines["rcv_logistics.class"].text.en
    assert "legal" in lines["rcv_logistics.action"].text.en
    assert "stop supply" in lines["rcv_logistics.supply"].text.en
    assert set(r.missed) == {"rc_c", "rc_reminders"}


def test_empty_ledger_answer(lib) -> None:
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    assert sort_receivables(ledger, {}, lib).items[0].item == "answer"
