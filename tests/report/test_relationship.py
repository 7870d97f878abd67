"""Customer events against the maintenance programme: answered, missed or due."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers.playbook import load_library
from helpers.playbook.models import CareProgrammeDoc
from helpers.report.metrics import Period
from helpers.report.relationship import maintenance, maintenance_by_rep, occurrences

OCT = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture(scope="module")
def programme() -> CareProgrammeDoc:
    return load_library().of_kind("care_programme")[0]


def events(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "account_id", "kind", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["person"] = "P"
    frame["owner_rep_id"] = frame["account_id"].str.replace("A", "R")
    return frame


def contacts(*rows: tuple[str, ...]) -> pd.DataFrame:
    """Contacts as (account, date) or (account, date, type); a visit by default."""
    return pd.DataFrame(
        {
            "account_id": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows]),
            "type": [r[2] if len(r) > 2 else "visit" for r in rows],
        }
    )


def test_birthdays_and_anniversaries_come_back_every_year() -> None:
    ev = events(
        ("E1", "A1", "birthday", "1980-02-29"),
        ("E2", "A1", "store_anniversary", "2010-10-20"),
        ("E3", "A2", "illness", "2026-10-05"),
        ("E4", "A2", "illness", "2027-03-01"),
    )
    days = occurrences(ev, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    got = sorted(zip(days["event_id"], days["on"].dt.strftime("%Y-%m-%d"), strict=True))
    assert got == [
        ("E1", "2026-02-28"),  # no 29 February in 2026 and 2027
        ("E1", "2027-02-28"),
        ("E2", "2026-10-20"),
        ("E2", "2027-10-20"),
        ("E3", "2026-10-05"),
        ("E4", "2027-03-01"),
    ]
    leap = occurrences(ev.iloc[:1], dt.date(2028, 1, 1), dt.date(2028, 12, 31))
    assert list(leap["on"]) == [pd.Timestamp("2028-02-29")]


def test_an_event_is_answered_missed_or_due(programme: CareProgrammeDoc) -> None:
    windows = {r.kind: (r.window.start, r.window.end) for r in programme.event_rules}
    assert windows["birthday"] == (0, 0) and windows["illness"] == (0, 1)
    assert windows["store_opening"] == (-21, -3)
    ev = events(
        ("E1", "A1", "birthday", "1975-10-10"),  # called in on the day: answered
        ("E2", "A2", "birthday", "1975-10-11"),  # called in the day after: missed
        ("E3", "A3", "illness", "2026-10-31"),  # window open at the end: due
        ("E4", "A4", "store_opening", "2026-11-20"),  # opens 30 Oct: due
        ("E5", "A5", "store_opening", "2026-12-10"),  # opens 19 Nov, past 14 days: left out
        ("E6", "A6", "illness", "2026-09-30"),  # closes 1 Oct, in the period: missed
        ("E7", "A7", "illness", "2026-09-20"),  # closed before the period: left out
        ("E8", "A8", "store_anniversary", "2015-11-05"),  # window 15 Oct - 2 Nov, visited
    )
    seen = contacts(
        ("A1", "2026-10-10"),
        ("A2", "2026-10-12"),
        ("A3", "2026-10-30", "call"),  # before its window
        ("A8", "2026-10-20"),
        ("A6", "2026-11-01", "call"),  # after the period: not known yet
    )
    got = maintenance(ev, seen, programme, OCT)
    status = dict(zip(got["event_id"], got["status"], strict=True))
    assert status == {
        "E1": "done",
        "E2": "overdue",
        "E3": "due",
        "E4": "due",
        "E6": "overdue",
        "E8": "done",
    }
    assert list(got["status"]) == ["overdue", "overdue", "due", "due", "done", "done"]
    e4 = got.set_index("event_id").loc["E4"]
    assert (e4["opens"], e4["closes"]) == (pd.Timestamp("2026-10-30"), pd.Timestamp("2026-11-17"))
    per_rep = maintenance_by_rep(got, pd.Index(["R1", "R2", "R3", "R9"]))
    assert per_rep.loc["R1"].tolist() == [0, 0, 1]  # overdue, due, done
    assert per_rep.loc["R2"].tolist() == [1, 0, 0]
    assert per_rep.loc["R9"].tolist() == [0, 0, 0]


def test_only_a_contact_that_carries_the_rules_action_answers(
    programme: CareProgrammeDoc,
) -> None:
    actions = {r.kind: r.actions for r in programme.event_rules}
    assert actions["illness"] == ["event_call"] and actions["birthday"] == ["greeting", "visit"]
    ev = events(
        ("E1", "A1", "illness", "2026-10-05"),  # a call the next day: answered
        ("E2", "A2", "illness", "2026-10-05"),  # a sales visit that day is no sick call
        ("E3", "A3", "birthday", "1980-10-08"),  # written wishes on the day: answered
        ("E4", "A4", "birthday", "1980-10-08"),  # a phone call is not the greeting asked for
        ("E5", "A5", "store_opening", "2026-10-25"),  # a meeting three weeks before: support
        ("E6", "A6", "store_opening", "2026-10-25"),  # only a message in the window
    )
    seen = contacts(
        ("A1", "2026-10-06", "call"),
        ("A2", "2026-10-05", "visit"),
        ("A3", "2026-10-08", "message"),
        ("A4", "2026-10-08", "call"),
        ("A5", "2026-10-04", "meeting"),
        ("A6", "2026-10-10", "message"),
    )
    got = maintenance(ev, seen, programme, OCT).set_index("event_id")
    assert got["status"].to_dict() == {
        "E1": "done", "E2": "overdue", "E3": "done", "E4": "overdue", "E5": "done",
        "E6": "overdue",
    }  # fmt: skip
    assert got.loc["E2", "contacts"] == 0 and got.loc["E1", "contacts"] == 1


def test_every_action_is_carried_by_a_contact_type_the_crm_records() -> None:
    from typing import get_args

    from helpers.playbook.models import ActionKind
    from helpers.report.relationship import ACTION_CONTACT_TYPES
    from helpers.report.sample import CONTACT_TYPES

    assert set(ACTION_CONTACT_TYPES) == set(get_args(ActionKind))
    for types in ACTION_CONTACT_TYPES.values():
        assert types and set(types) <= set(CONTACT_TYPES)


def test_no_events_or_no_rule_give_no_rows(programme: CareProgrammeDoc) -> None:
    none = maintenance(events(), contacts(), programme, OCT)
    assert none.empty and "status" in none.columns
    ruled_out = programme.model_copy(update={"event_rules": programme.event_rules[:1]})
    ev = events(("E1", "A1", "illness", "2026-10-05"))
    assert maintenance(ev, contacts(), ruled_out, OCT).empty
