"""From a trainer's filled-in sheet to stored scores, and the side-by-side table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers.playbook import load_library
from helpers.playbook.models import RubricDoc
from helpers.store import RoleplaySession, Score
from helpers.trainer.sheet import SheetError, agreement_table, new_session_id, sheet_scores
from tests.conftest import PROJECT

SESSION = RoleplaySession(
    session_id="S1",
    rep_id="R0001",
    scenario_id="obj_price_pharmacy",
    rubric_id="roleplay_rubric",
    rubric_version="v1",
    created_by="TR1",
    created_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
)


@pytest.fixture(scope="module")
def rubric() -> RubricDoc:
    lib = load_library(PROJECT / "playbooks")
    return next(r for r in lib.rubrics if r.id == "roleplay_rubric")


def full(rubric: RubricDoc, value: int = 3) -> dict[str, int | None]:
    return {c.id: value for c in rubric.criteria}


def test_a_complete_sheet_becomes_one_score_per_criterion(rubric: RubricDoc) -> None:
    values = full(rubric)
    values["commitment"] = 5
    scores = sheet_scores(
        SESSION,
        " TR2 ",
        rubric,
        "abc",
        values,
        {"commitment": " clear close "},
        dt.date(2026, 11, 2),
    )
    assert len(scores) == len(rubric.criteria) == 12
    by = {s.criterion_id: s for s in scores}
    assert by["commitment"].score == 5 and by["commitment"].comment == "clear close"
    assert {s.trainer_id for s in scores} == {"TR2"}
    assert {s.rubric_version for s in scores} == {"abc"}
    assert by["preparation"].scenario_id == "obj_price_pharmacy"


def test_an_unfinished_sheet_names_what_is_missing(rubric: RubricDoc) -> None:
    values = full(rubric)
    values["opening_statement"] = None
    del values["visit_report"]
    with pytest.raises(SheetError) as info:
        sheet_scores(SESSION, "TR2", rubric, "abc", values)
    assert info.value.missing == ["opening_statement", "visit_report"]
    with pytest.raises(SheetError, match="criteria not in rubric"):
        sheet_scores(SESSION, "TR2", rubric, "abc", {**full(rubric), "charm": 5})
    with pytest.raises(SheetError, match="no trainer id"):
        sheet_scores(SESSION, "  ", rubric, "abc", full(rubric))


def test_a_sheet_for_some_criteria_asks_for_those_alone() -> None:
    lib = load_library(PROJECT / "playbooks")
    rubric = next(r for r in lib.rubrics if r.id == "key_account_rubric")
    session = SESSION.model_copy(
        update={"scenario_id": "rp_ka_calling_high", "rubric_id": "key_account_rubric"}
    )
    asked = ["calling_high_visit"]
    scores = sheet_scores(session, "TR1", rubric, "v", {"calling_high_visit": 4}, criteria=asked)
    assert [(s.criterion_id, s.score, s.scenario_id) for s in scores] == [
        ("calling_high_visit", 4, "rp_ka_calling_high")
    ]
    with pytest.raises(SheetError) as info:
        sheet_scores(session, "TR1", rubric, "v", {}, criteria=asked)
    assert info.value.missing == ["calling_high_visit"]
    with pytest.raises(SheetError, match="criteria not on this sheet: account_plan_review"):
        both = {"calling_high_visit": 4, "account_plan_review": 3}
        sheet_scores(session, "TR1", rubric, "v", both, criteria=asked)
    # without a list of criteria, the whole rubric is asked for
    with pytest.raises(SheetError) as info:
        sheet_scores(session, "TR1", rubric, "v", {"calling_high_visit": 4})
    assert info.value.missing == ["account_plan_review"]


def test_agreement_table_shows_versions_and_spread(rubric: RubricDoc) -> None:
    def score(trainer: str, criterion: str, value: int, version: str) -> Score:
        return Score(
            session_id="S1",
            trainer_id=trainer,
            criterion_id=criterion,
            rep_id="R0001",
            score=value,
            rubric_version=version,
            scored_on=dt.date(2026, 11, 2),
        )

    scores = [
        score("TR1", "commitment", 4, "v1"),
        score("TR2", "commitment", 2, "v2"),
        score("TR1", "preparation", 3, "v1"),
    ]
    table = agreement_table(scores, rubric, "en")
    assert list(table.columns) == [
        "Criterion",
        "TR1 (rubric version v1)",
        "TR2 (rubric version v2)",
        "Spread (highest − lowest)",
    ]
    # rubric order: preparation comes before commitment
    assert table.iloc[0, 0] == rubric.criteria[0].name.en
    assert table.iloc[1].tolist()[1:] == ["4", "2", 2]
    assert pd.isna(table.iloc[0, 2])  # TR2 did not score preparation
    zh = agreement_table(scores, rubric, "zh")
    assert "评分条目" in zh.columns and zh.iloc[0, 0] == rubric.criteria[0].name.zh
    # a score changed after it was first submitted shows both values; the spread uses the new
    revised = [scores[0].model_copy(update={"score": 5, "first_score": 4}), *scores[1:]]
    table = agreement_table(revised, rubric, "en")
    assert table.iloc[1].tolist()[1:] == ["5 (was 4)", "2", 3]
    assert agreement_table(revised, rubric, "zh").iloc[1, 1] == "5（原 4）"


def test_session_ids_are_readable_and_unique() -> None:
    when = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    a, b = new_session_id("R0001", when), new_session_id("R0001", when)
    assert a.startswith("R0001-20261102-0930-") and a != b
