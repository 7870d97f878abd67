"""Coaching metrics on small records whose figures are worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.playbook import load_library
from helpers.playbook.models import CadenceDoc
from helpers.report import metrics
from helpers.report.metrics import Period

D = pd.Timestamp
OCT = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture
def cadence(mini: Path) -> CadenceDoc:
    lib = load_library(mini)
    assert lib.cadence is not None
    return lib.cadence


def reps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep_id": ["R1", "R2"],
            "name": ["Li", "Wang"],
            "team_id": ["T01", "T01"],
            "hire_date": [D("2026-08-01"), D("2020-01-01")],
        }
    )


def accounts() -> pd.DataFrame:
    # profile fields: doctor = contact_name, contact_phone, company_address, business_scope
    doctor = "contact_name;contact_phone;company_address;business_scope"
    teacher = doctor + ";needs;competitors;decision_chain"
    return pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
            "name": ["a", "b", "c", "d", "e", "f"],
            "owner_rep_id": ["R1", "R1", "R1", "R2", "R2", "R2"],
            "grade": ["A", "B", "C", "A", "D", "B"],
            "created_on": [D("2026-01-05")] * 5 + [D("2026-11-20")],
            "profile_fields": [teacher, doctor, "contact_name", doctor, "", teacher],
            "parked": [False, False, True, False, True, False],
        }
    )


def contacts() -> pd.DataFrame:
    rows = []
    # A1: 12 contacts, 2 of them in October (1 visit); A2: 10 contacts, 3 in October (all visits)
    for i in range(10):
        rows.append((D("2026-03-01") + pd.Timedelta(days=7 * i), "R1", "A1", "call"))
    rows += [(D("2026-10-03"), "R1", "A1", "visit"), (D("2026-10-20"), "R1", "A1", "call")]
    for i in range(7):
        rows.append((D("2026-04-01") + pd.Timedelta(days=7 * i), "R1", "A2", "call"))
    rows += [(D(f"2026-10-{d:02d}"), "R1", "A2", "visit") for d in (2, 9, 16)]
    # A3: parked after 5 contacts; A4: 13 contacts, grade A; A5: parked after 12
    rows += [(D("2026-02-01") + pd.Timedelta(days=i), "R1", "A3", "call") for i in range(5)]
    rows += [(D("2026-05-01") + pd.Timedelta(days=10 * i), "R2", "A4", "visit") for i in range(13)]
    rows += [(D("2026-02-01") + pd.Timedelta(days=i), "R2", "A5", "message") for i in range(12)]
    # a contact after the period must not count
    rows.append((D("2026-11-02"), "R1", "A1", "visit"))
    return pd.DataFrame(rows, columns=["date", "rep_id", "account_id", "type"])


def deals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "deal_id": ["D1", "D2"],
            "account_id": ["A1", "A4"],
            "rep_id": ["R1", "R2"],
            "date": [D("2026-10-20"), D("2026-09-15")],
            "amount": [5000.0, 8000.0],
        }
    )


def status(cadence: CadenceDoc) -> pd.DataFrame:
    return metrics.account_status(accounts(), contacts(), deals(), cadence, OCT.end)


def test_previous_period_is_the_same_calendar_months() -> None:
    assert OCT.previous() == Period(dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    q1 = Period(dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert q1.previous() == Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    week = Period(dt.date(2026, 10, 5), dt.date(2026, 10, 11))
    assert week.previous() == Period(dt.date(2026, 9, 28), dt.date(2026, 10, 4))
    assert OCT.days == 31
    assert OCT.trailing(6) == Period(dt.date(2026, 5, 3), dt.date(2026, 10, 31))
    assert OCT.trailing(0.5) == OCT
    with pytest.raises(ValueError, match="before it starts"):
        Period(dt.date(2026, 10, 2), dt.date(2026, 10, 1))


def test_a_period_of_calendar_months_counts_whole_months() -> None:
    assert OCT.months == 1.0
    assert Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).months == 1.0
    assert Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30)).months == 3.0
    assert Period(dt.date(2026, 10, 5), dt.date(2026, 10, 11)).months == pytest.approx(7 / 30.4)


def test_account_status_applies_the_twelve_contact_rule(cadence: CadenceDoc) -> None:
    s = status(cadence)
    # A6 was created after the period: not counted yet
    assert list(s.index) == ["A1", "A2", "A3", "A4", "A5"]
    assert s["contacts"].to_dict() == {"A1": 12, "A2": 10, "A3": 5, "A4": 13, "A5": 12}
    assert s["won"].to_dict() == {"A1": True, "A2": False, "A3": False, "A4": True, "A5": False}
    # A2 has 10 contacts and no deal: the manager steps in; nothing open has reached 12
    assert list(s.index[s["step_in"]]) == ["A2"]
    assert not s["park_candidate"].any() and not s["keep_active"].any()
    assert list(s.index[s["parked_early"]]) == ["A3"]
    assert not s["parked_protected"].any()
    assert s["stage"].to_dict() == {
        "A1": "teacher",
        "A2": "doctor",
        "A3": "",
        "A4": "doctor",
        "A5": "",
    }


def test_a_strategic_account_at_twelve_is_kept_not_parked(cadence: CadenceDoc) -> None:
    acc = accounts()
    more = contacts()
    extra = [(D("2026-10-25"), "R1", "A2", "call"), (D("2026-10-26"), "R1", "A2", "call")]
    more = pd.concat([more, pd.DataFrame(extra, columns=more.columns)])
    s = metrics.account_status(acc, more, deals(), cadence, OCT.end)
    assert s.loc["A2", "park_candidate"]  # grade B, 12 contacts, no deal
    acc.loc[acc["account_id"] == "A2", "grade"] = "A"  # the visit grade does not protect it
    s = metrics.account_status(acc, more, deals(), cadence, OCT.end)
    assert s.loc["A2", "park_candidate"] and not s.loc["A2", "keep_active"]
    acc["tier"] = ""
    acc.loc[acc["account_id"] == "A2", "tier"] = "strategic"
    s = metrics.account_status(acc, more, deals(), cadence, OCT.end)
    assert not s.loc["A2", "park_candidate"] and s.loc["A2", "keep_active"]


def test_account_lists_hold_every_account_their_counts_count(cadence: CadenceDoc) -> None:
    acc = accounts()
    acc["tier"] = ["", "", "", "", "strategic", ""]  # A5: parked at 12 contacts, but strategic
    s = metrics.account_status(acc, contacts(), deals(), cadence, OCT.end)
    lists = metrics.account_lists(s)
    assert list(lists) == list(metrics.ACCOUNT_LISTS)
    assert list(lists["step_in"].index) == ["A2"]
    # parked too early (A3, 5 contacts) and parked though never to be parked (A5, 12)
    assert list(lists["parked_wrongly"].index) == ["A5", "A3"]
    assert lists["park"].empty and lists["keep"].empty
    assert s.loc["A3", "name"] == "c"
    counts = metrics.list_counts(lists, pd.Index(["R1", "R2"]))
    assert counts.loc["R1"].to_dict() == {"step_in": 1, "park": 0, "keep": 0, "parked_wrongly": 1}
    assert counts.loc["R2", "parked_wrongly"] == 1


def test_activity_counts_the_period_only(cadence: CadenceDoc) -> None:
    act = metrics.activity(reps(), contacts(), deals(), status(cadence), OCT)
    r1 = act.loc["R1"]
    assert r1["contacts"] == 5 and r1["visits"] == 4
    assert r1["leads_contacted"] == 2 and r1["won_accounts"] == 1
    assert r1["conversion"] == pytest.approx(0.5)
    assert r1["leads_per_month"] == 2  # October is one month
    assert r1["revenue"] == 5000.0
    # R1's only open account is A2 (A1 won, A3 parked), with 10 contacts
    assert r1["open_accounts"] == 1 and r1["contacts_per_open_account"] == 10
    r2 = act.loc["R2"]
    assert r2["leads_contacted"] == 0 and pd.isna(r2["conversion"])


def test_follow_through_per_rep(cadence: CadenceDoc) -> None:
    f = metrics.follow_through(status(cadence), reps())
    assert f.loc["R1", "step_in"] == 1 and f.loc["R1", "parked_early"] == 1
    assert f.loc["R1", "parked_early_share"] == 1.0
    assert f.loc["R2", "parked"] == 1 and f.loc["R2", "parked_early"] == 0


def test_cadence_compliance_against_grade_minimum(cadence: CadenceDoc) -> None:
    comp = metrics.cadence_compliance(status(cadence), contacts(), cadence, OCT)
    # in scope: not parked (A1, A2, A4); each grade asks 1 visit a month here
    assert list(comp.index) == ["A1", "A2", "A4"]
    assert comp["visits"].to_dict() == {"A1": 1, "A2": 3, "A4": 0}
    assert comp["compliant"].to_dict() == {"A1": True, "A2": True, "A4": False}
    by_rep = metrics.compliance_by_rep(comp, reps())
    assert by_rep.to_dict() == {"R1": 1.0, "R2": 0.0}
    grades = metrics.compliance_by_grade(comp)
    assert grades.loc["A", "accounts"] == 2 and grades.loc["A", "share"] == 0.5


def test_profile_depth_per_rep(cadence: CadenceDoc) -> None:
    depth = metrics.profile_depth(status(cadence), reps(), cadence)
    # R1 live accounts: A1 teacher (2), A2 doctor (1); R2: A4 doctor (1)
    assert depth.loc["R1", "teacher"] == 1 and depth.loc["R1", "doctor"] == 1
    assert depth.loc["R1", "mean_stage"] == 1.5
    # A2 and A4 have 6+ contacts and are at the first stage
    assert depth.loc["R1", "stuck_at_first"] == 1 and depth.loc["R2", "stuck_at_first"] == 1


def test_new_hires_by_ramp_months(cadence: CadenceDoc) -> None:
    assert metrics.new_hires(reps(), cadence, OCT.end).to_dict() == {"R1": True, "R2": False}


def test_training_mastery_and_overdue_reviews(mini: Path) -> None:
    lib = load_library(mini)
    ts = pd.Timestamp
    attempts = pd.DataFrame(
        {
            "learner_id": ["R1", "R1", "R1"],
            "module": ["02_question_funnel"] * 3,
            "exercise_id": ["classify:grocery", "classify:grocery", "funnel:grocery"],
            "score": [0.0, 1.0, 2.0],
            "max_score": [1.0, 1.0, 4.0],
            "created_at": [
                ts("2026-10-01", tz="UTC"),
                ts("2026-10-05", tz="UTC"),
                ts("2026-11-05", tz="UTC"),  # after the period: not counted
            ],
        }
    )
    cards = pd.DataFrame(
        {
            "learner_id": ["R1", "R1"],
            "item_id": ["a", "b"],
            "module": ["x", "x"],
            "due": [ts("2026-10-10", tz="UTC"), ts("2026-12-01", tz="UTC")],
        }
    )
    tr = metrics.training(attempts, cards, reps(), lib, OCT.end)
    # module 02 offers classify, funnel, own_question and quiz qz1: latest ratios 1, 0, 0, 0
    assert tr.loc["R1", "02_question_funnel"] == pytest.approx(1 / 4)
    assert tr.loc["R1", "attempts"] == 2
    assert tr.loc["R1", "reviews_overdue"] == 1
    assert tr.loc["R2", "02_question_funnel"] == 0 and tr.loc["R2", "reviews_overdue"] == 0


def test_roleplay_means_with_counts() -> None:
    scores = pd.DataFrame(
        {
            "rep_id": ["R1", "R1", "R1", "R2"],
            "criterion_id": ["opening", "opening", "funnel", "opening"],
            "score": [2, 4, 5, 3],
            "scored_on": [D("2026-10-02"), D("2026-10-02"), D("2026-10-09"), D("2026-09-30")],
        }
    )
    rp = metrics.roleplay(scores, reps(), OCT).set_index(["rep_id", "criterion_id"])
    assert rp.loc[("R1", "opening"), "mean"] == 3.0 and rp.loc[("R1", "opening"), "n"] == 2
    assert rp.loc[("R1", "funnel"), "n"] == 1
    assert ("R2", "opening") not in rp.index  # scored in September


def test_strategic_key_accounts_are_never_parked_whatever_their_grade(
    cadence: CadenceDoc,
) -> None:
    acc = accounts()
    acc["tier"] = ["", "strategic", "", "", "strategic", ""]
    c = contacts()
    # A2 (grade B, strategic) reaches 12 contacts with no deal; A4 (grade A, no tier) loses its deal
    c = pd.concat([c, c[c["account_id"] == "A2"].head(2).assign(date=D("2026-10-25"))])
    d = deals()[deals()["account_id"] != "A4"]
    s = metrics.account_status(acc, c, d, cadence, OCT.end)
    assert s.loc["A2", "keep_active"] and not s.loc["A2", "park_candidate"]
    assert s.loc["A4", "park_candidate"] and not s.loc["A4", "keep_active"]
    # A5 is strategic and was parked: flagged; A3 (no tier) parked early: flagged for that only
    assert list(s.index[s["parked_protected"]]) == ["A5"]
    assert s.loc["A3", "parked_early"] and not s.loc["A3", "parked_protected"]


def test_team_funnel_and_conversion(cadence: CadenceDoc) -> None:
    s = status(cadence)
    act = metrics.activity(reps(), contacts(), deals(), s, OCT)
    funnel = metrics.team_funnel(contacts(), deals(), cadence, OCT)
    # the period's leads are A1 and A2 (contacted in October, no deal before it);
    # A2 has 10 contacts by the end, A1 12 and a deal on 20 October
    assert funnel == {"leads_contacted": 2, "step_in_reached": 2, "rule_reached": 1, "won": 1}
    assert metrics.team_conversion(act) == 0.5


def test_team_funnel_never_widens(cadence: CadenceDoc) -> None:
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(1, 400))
        frame = pd.DataFrame(
            {
                "date": D("2026-06-01") + pd.to_timedelta(rng.integers(0, 180, n), unit="D"),
                "rep_id": "R1",
                "account_id": [f"A{i}" for i in rng.integers(0, 30, n)],
                "type": "visit",
            }
        )
        won = rng.choice(30, size=int(rng.integers(0, 10)), replace=False)
        wins = pd.DataFrame(
            {
                "deal_id": [f"D{i}" for i in won],
                "account_id": [f"A{i}" for i in won],
                "rep_id": "R1",
                "date": D("2026-06-01") + pd.to_timedelta(rng.integers(0, 180, len(won)), unit="D"),
                "amount": 1.0,
            }
        )
        counts = list(metrics.team_funnel(frame, wins, cadence, OCT).values())
        assert counts == sorted(counts, reverse=True), counts
    assert metrics.benchmark_band(0.03, cadence) == "within"
    assert metrics.benchmark_band(0.005, cadence) == "below"
    assert metrics.benchmark_band(float("nan"), cadence) == "unknown"


def test_change_against_previous() -> None:
    now = pd.DataFrame({"x": [5.0, 2.0]}, index=["R1", "R2"])
    before = pd.DataFrame({"x": [3.0]}, index=["R1"])
    delta = metrics.change(now, before, ["x"])
    assert delta.loc["R1", "x"] == 2.0 and pd.isna(delta.loc["R2", "x"])


def test_dormant_and_new_accounts_are_not_due_visits(cadence: CadenceDoc) -> None:
    c = contacts()
    # A4's contacts end in mid-June: over 90 days silent by 31 October, so dormant
    c = c[~((c["account_id"] == "A4") & (c["date"] > D("2026-06-15")))]
    acc = accounts()
    acc.loc[acc["account_id"] == "A2", "created_on"] = D("2026-10-10")  # opened in the period
    s = metrics.account_status(acc, c, deals(), cadence, OCT.end)
    comp = metrics.cadence_compliance(s, c, cadence, OCT)
    assert list(comp.index) == ["A1"]
