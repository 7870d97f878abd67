"""Receivables in three classes: date arithmetic at the boundaries, actions and supply."""

from __future__ import annotations

import datetime as dt
import re

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
    assert "1 June 2026" in lines["rcv_logistics.class"].text.en
    assert "Class C" in lines["rcv_logistics.class"].text.en
    assert "legal" in lines["rcv_logistics.action"].text.en
    assert lines["rcv_logistics.supply"].text.en.startswith(
        "The logistics park warehouse: the rule says stop supply until the account is settled. "
        "Formal reminders sent so far: 5."
    )
    assert set(r.missed) == {"rc_c", "rc_reminders"}


def test_the_action_lines_read_as_chinese_sentences(lib) -> None:
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    by_class = {receivable_class(e, ledger.as_of): e for e in ledger.entries}
    answers = {e.id: {"action": ACTIONS[c]} for c, e in by_class.items()}
    answers[by_class["rc_c"].id] = {"action": "rep"}
    r = sort_receivables(ledger, answers, lib)
    lines = {f.item: f.text.zh for f in r.items}
    a, b, c = (by_class[k] for k in ("rc_a", "rc_b", "rc_c"))
    assert lines[f"{a.id}.action"].startswith(
        f"{a.customer.zh}：对，A 类欠款由业务员书面报追收计划、按月定目标追收。"
    )
    assert f"{b.customer.zh}：对，B 类欠款交给专门的清欠小组追收。" in lines[f"{b.id}.action"]
    assert f"{c.customer.zh}是 C 类欠款，应该转给法务，走法律途径。" in lines[f"{c.id}.action"]


def test_empty_ledger_answer(lib) -> None:
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    assert sort_receivables(ledger, {}, lib).items[0].item == "answer"


def class_line(ledger, entry_id: str, lib, given: dict | None = None):
    answers = {entry_id: given if given is not None else {"class": "rc_b"}}
    r = sort_receivables(ledger, answers, lib)
    return next(f for f in r.items if f.item == f"{entry_id}.class")


def test_the_last_day_of_class_a_is_said_as_that_day(lib) -> None:
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    line = class_line(ledger, "rcv_maternity", lib, {"class": "rc_a"})
    assert line.ok
    assert "主体封顶满 18 个月是 2026 年 11 月 30 日，过了这一天才转 B 类" in line.text.zh
    assert "18 months after topping out is 30 November 2026" in line.text.en
    assert "对，是 A 类欠款" in line.text.zh


def test_the_months_said_are_the_months_the_grading_uses(
    lib, monkeypatch: pytest.MonkeyPatch
) -> None:
    import helpers.playbook.receivable_rules as rc

    monkeypatch.setattr(rc, "MONTHS_AFTER_TOPPING_OUT", 24)
    monkeypatch.setattr(rc, "MONTHS_PAST_DUE", 30)
    monkeypatch.setattr(rc, "MONTHS_WITH_TEAM", 3)
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    # topped out 2024-09-01: class B after 2026-09-01, class C after 2026-12-01
    line = class_line(ledger, "rcv_logistics", lib)
    assert "主体封顶满 24 个月是 2026 年 9 月 1 日" in line.text.zh
    assert "24 months after topping out is 1 September 2026" in line.text.en
    assert "过了 2026 年 12 月 1 日还没解决就转 C 类" in line.text.zh
    bridge = class_line(ledger, "rcv_bridge", lib)
    assert "合同付款日满 30 个月是 2028 年 4 月 30 日" in bridge.text.zh
    dealers = lib.of_kind("receivables")[0].ledgers[1]
    monkeypatch.setattr(rc, "MONTHS_PAST_DUE", 6)
    west = class_line(dealers, "rcv_dealer_west", lib)
    assert "转 B 类后又过了 3 个月" in west.text.zh and "3 more months as Class B" in west.text.en


def test_no_line_writes_a_date_as_digits_and_dashes(lib) -> None:
    for ledger in lib.of_kind("receivables")[0].ledgers:
        for given in ("rc_a", "rc_b", "rc_c"):
            answers = {e.id: {"class": given} for e in ledger.entries}
            for f in sort_receivables(ledger, answers, lib).items:
                for text in (f.text.zh, f.text.en):
                    assert not re.search(r"\d{4}-\d\d-\d\d", text), text


def test_class_b_and_c_reasons_read_as_sentences(lib) -> None:
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    b = class_line(ledger, "rcv_riverside", lib)
    assert (
        "Past Class B's limit: 12 months past the contract's payment date is 20 July 2026; "
        "the collection team has it, and if it is still unresolved after 20 January 2027"
    ) in b.text.en
    c = class_line(ledger, "rcv_logistics", lib)
    assert (
        "Past Class B's limit: 12 months past the contract's payment date is 1 December 2025;"
        in (c.text.en)
    )
    assert "6 more months as Class B ran to 1 June 2026 without a settlement" in c.text.en
    for line in (b, c):
        assert "class B" not in line.text.en and "class C" not in line.text.en


def test_an_unanswered_class_is_not_called_none(lib) -> None:
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    line = class_line(ledger, "rcv_school", lib, {"action": "rep"})
    assert not line.ok
    assert "(none)" not in line.text.en and "未选" not in line.text.zh
    assert "no class picked" in line.text.en and "还没选类别" in line.text.zh
