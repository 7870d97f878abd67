"""Key accounts against their tier's visits; weighted opportunity scores and their flags."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from helpers.learner.exercises.opportunity import weighted_total
from helpers.playbook import load_library
from helpers.playbook.issues import PlaybookError
from helpers.playbook.library import Library
from helpers.report.account_sections import method_lines
from helpers.report.key_accounts import (
    opportunities_by_rep,
    opportunity_scores,
    score_thresholds,
    tier_cadence,
    tiers_by_rep,
)
from helpers.report.metrics import Period
from helpers.store.tables import OPPORTUNITY_FACTORS
from tests.conftest import PROJECT

OCT = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def status() -> pd.DataFrame:
    rows = [
        # account, owner, tier, grade, parked, created, last contact
        ("A1", "R1", "strategic", "A", False, "2026-01-01", "2026-10-20"),
        ("A2", "R1", "strategic", "B", False, "2026-01-01", "2026-10-25"),
        ("A3", "R1", "important", "C", False, "2026-01-01", "2026-10-02"),
        ("A4", "R2", "general", "B", False, "2026-01-01", "2026-10-03"),
        ("A5", "R2", "strategic", "A", True, "2026-01-01", "2026-10-03"),  # parked
        ("A6", "R2", "strategic", "A", False, "2026-01-01", "2026-07-01"),  # dormant
        ("A7", "R2", "strategic", "A", False, "2026-10-05", "2026-10-06"),  # opened in October
        ("A8", "R2", "", "A", False, "2026-01-01", "2026-10-06"),  # not a key account
    ]
    frame = pd.DataFrame(
        rows,
        columns=["account_id", "owner_rep_id", "tier", "grade", "parked", "created_on", "last"],
    )
    frame["created_on"] = pd.to_datetime(frame["created_on"])
    frame["last_contact"] = pd.to_datetime(frame.pop("last"))
    frame["name"] = "Customer " + frame["account_id"]
    return frame.set_index("account_id")


def visits() -> pd.DataFrame:
    rows = [
        ("A1", "2026-10-03", "visit"),
        ("A1", "2026-10-20", "meeting"),
        ("A2", "2026-09-12", "visit"),
        ("A2", "2026-10-25", "call"),  # a call is not a visit
        ("A3", "2026-10-02", "visit"),
        ("A4", "2026-11-02", "visit"),  # after the period
    ]
    frame = pd.DataFrame(rows, columns=["account_id", "date", "type"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_each_tier_asks_its_own_visits(lib: Library) -> None:
    assert lib.cadence is not None
    got = tier_cadence(status(), visits(), lib.cadence, OCT)
    assert list(got.index) == ["A1", "A2", "A3", "A4"]
    # strategic: twice a month; important and general: their grade's monthly visit
    assert got["required"].to_dict() == {"A1": 2, "A2": 2, "A3": 1, "A4": 1}
    assert got["visits"].to_dict() == {"A1": 2, "A2": 0, "A3": 1, "A4": 0}
    assert got["on_track"].to_dict() == {"A1": True, "A2": False, "A3": True, "A4": False}
    assert got.loc["A2", "last_visit"] == pd.Timestamp("2026-09-12")
    assert pd.isna(got.loc["A4", "last_visit"])
    quarter = Period(dt.date(2026, 8, 1), dt.date(2026, 10, 31))
    assert tier_cadence(status(), visits(), lib.cadence, quarter).loc["A1", "required"] == 6
    per_rep = tiers_by_rep(got, pd.Index(["R1", "R2"]), ["strategic", "important", "general"])
    assert per_rep.loc["R1"].to_dict() == {
        "strategic_accounts": 2, "strategic_on_track": 1, "important_accounts": 1,
        "important_on_track": 1, "general_accounts": 0, "general_on_track": 0,
    }  # fmt: skip
    assert per_rep.loc["R2", "general_accounts"] == 1


def test_scores_are_the_exercises_weighted_totals(lib: Library) -> None:
    doc = lib.of_kind("opportunity_assessment")[0]
    ratings = [[5] * 9, [1] * 9, [5, 5, 1, 1, 1, 1, 1, 1, 1], [3, 2, 4, 1, 5, 2, 3, 4, 2]]
    frame = pd.DataFrame(ratings, columns=list(OPPORTUNITY_FACTORS))
    frame["rep_id"] = ["R1", "R1", "R2", "R2"]
    frame["account_id"] = ["A1", "A2", "A3", "A4"]
    frame["pursued"] = [False, True, True, False]
    got = opportunity_scores(frame, doc)
    want = [weighted_total(doc, dict(zip(OPPORTUNITY_FACTORS, r, strict=True))) for r in ratings]
    assert got["score"].tolist() == pytest.approx(want)
    # the kit's weights 3, 3, 2, 2, 2, 2, 1, 1, 2: scope and return at 5, the rest at 1
    assert got.loc[2, "score"] == pytest.approx(42 / 18)
    assert got["flag"].tolist() == ["unpursued_high", "pursued_low", "pursued_low", ""]
    per_rep = opportunities_by_rep(got, pd.Index(["R1", "R2", "R3"]))
    assert per_rep.loc["R1", ["assessed", "pursued", "pursued_low", "unpursued_high"]].tolist() == [
        2,
        1,
        1,
        1,
    ]
    assert per_rep.loc["R2", "pursued_score"] == pytest.approx(want[2])
    assert pd.isna(per_rep.loc["R3", "pursued_score"])


def test_weights_a_trainer_changes_change_the_scores(lib: Library) -> None:
    doc = lib.of_kind("opportunity_assessment")[0]
    heavy = doc.model_copy(
        update={"factors": [f.model_copy(update={"weight": 10.0 if f.id == "opp_loyalty" else 1.0})
                            for f in doc.factors]}
    )  # fmt: skip
    frame = pd.DataFrame([[1] * 6 + [5] + [1] * 2], columns=list(OPPORTUNITY_FACTORS))
    frame["pursued"] = [False]
    assert opportunity_scores(frame, doc)["score"][0] < 2
    assert opportunity_scores(frame, heavy)["score"][0] == pytest.approx((8 + 50) / 18)


def test_thresholds_a_trainer_changes_change_the_flags(lib: Library) -> None:
    doc = lib.of_kind("opportunity_assessment")[0]
    frame = pd.DataFrame([[3] * 9, [3] * 9, [2] * 9], columns=list(OPPORTUNITY_FACTORS))
    frame["pursued"] = [True, False, True]
    assert opportunity_scores(frame, doc)["flag"].tolist() == ["", "", "pursued_low"]
    strict = doc.model_copy(update={"low_score": 3.5, "high_score": 4.5})
    assert opportunity_scores(frame, strict)["flag"].tolist() == ["pursued_low", "", "pursued_low"]
    eager = doc.model_copy(update={"low_score": 1.5, "high_score": 3.0})
    assert opportunity_scores(frame, eager)["flag"].tolist() == ["", "unpursued_high", ""]


def test_the_thresholds_are_read_from_the_content(tmp_path: Path, edit: Callable) -> None:
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    assert score_thresholds(load_library(root)) == (2.5, 3.5)
    doc = root / "key_accounts" / "opportunity.yaml"
    edit(doc, "low_score: 2.5\nhigh_score: 3.5\n", "low_score: 2\nhigh_score: 4\n")
    lib = load_library(root)
    assert score_thresholds(lib) == (2, 4)
    line = next(x for x in method_lines(lib, "en") if x.startswith("Opportunity score"))
    assert "scoring under 2, or scoring 4 or more" in line
    edit(doc, "low_score: 2\nhigh_score: 4\n", "")
    assert score_thresholds(load_library(root)) == (2.5, 3.5)  # the kit's defaults


@pytest.mark.parametrize(("low", "high"), [("3.5", "3.5"), ("4", "3"), ("0", "3"), ("2", "6")])
def test_thresholds_must_be_ordered_and_on_the_scale(
    tmp_path: Path, edit: Callable, low: str, high: str
) -> None:
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    doc = root / "key_accounts" / "opportunity.yaml"
    edit(doc, "low_score: 2.5\nhigh_score: 3.5\n", f"low_score: {low}\nhigh_score: {high}\n")
    with pytest.raises(PlaybookError):
        load_library(root)
