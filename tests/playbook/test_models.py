"""The content models on their own: what a single document must satisfy."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from helpers.playbook.models import (
    Criterion,
    ObjectionScenarioDoc,
    QuizItem,
    ScenarioStep,
    Text,
    TimeBudget,
    VisitFlowDoc,
)

T = {"zh": "中文", "en": "English"}


def stage(i: int, sid: str) -> dict[str, Any]:
    return {
        "id": sid,
        "order": i,
        "name": T,
        "goal": T,
        "checklist": [T],
        "good_examples": [{"line": T}],
        "poor_examples": [{"line": T, "why": T}],
        "mistakes": [T],
    }


def test_text_reports_missing_and_wrong_script() -> None:
    assert Text(zh="开场白", en="Opening").missing() == []
    assert Text(zh="开场白").missing() == ["en"]
    assert Text(zh="Opening", en="开场白").missing() == ["zh", "en"]
    assert Text(zh="开场白", en="Opening").get("zh") == "开场白"


def test_text_rejects_a_plain_string() -> None:
    with pytest.raises(ValidationError, match="expected both languages"):
        Criterion.model_validate({"id": "x", "name": "Opening"})


def test_flow_orders_must_run_1_to_n() -> None:
    doc = {"kind": "visit_flow", "id": "f", "variant": "canonical", "name": T, "description": T}
    ok = VisitFlowDoc.model_validate({**doc, "stages": [stage(2, "b"), stage(1, "a")]})
    assert [s.id for s in ok.ordered()] == ["a", "b"]
    with pytest.raises(ValidationError, match="no gaps or repeats"):
        VisitFlowDoc.model_validate({**doc, "stages": [stage(1, "a"), stage(3, "b")]})


def test_poor_example_needs_why() -> None:
    bad = stage(1, "a")
    bad["poor_examples"] = [{"line": T}]
    with pytest.raises(ValidationError) as info:
        VisitFlowDoc.model_validate(
            {
                "kind": "visit_flow",
                "id": "f",
                "variant": "canonical",
                "name": T,
                "description": T,
                "stages": [bad],
            }
        )
    assert info.value.errors()[0]["loc"] == ("stages", 0, "poor_examples", 0, "why")


def test_time_budget_bounds() -> None:
    assert TimeBudget(what=Text(**T), max_minutes=3).max_minutes == 3
    with pytest.raises(ValidationError, match="give min_minutes, max_minutes or both"):
        TimeBudget(what=Text(**T))
    with pytest.raises(ValidationError, match="larger than max_minutes"):
        TimeBudget(what=Text(**T), min_minutes=7, max_minutes=5)


def test_quiz_single_needs_exactly_one_correct() -> None:
    item = {
        "id": "q",
        "type": "single",
        "topics": ["ffab"],
        "prompt": T,
        "explanation": T,
        "options": [
            {"id": "a", "text": T, "correct": True},
            {"id": "b", "text": T, "correct": True},
        ],
    }
    with pytest.raises(ValidationError, match="exactly 1 correct option, has 2"):
        QuizItem.model_validate(item)
    assert QuizItem.model_validate({**item, "type": "multiple"}).type == "multiple"
    item["options"][1]["id"] = "a"
    with pytest.raises(ValidationError, match="duplicate option id 'a'"):
        QuizItem.model_validate({**item, "type": "multiple"})


def test_step_is_a_decision_or_an_ending() -> None:
    ending = {"outcome": "won", "text": T}
    choice = {"id": "c", "text": T, "method_step": "ask", "score": 3, "feedback": T, "next": "x"}
    with pytest.raises(ValidationError, match="either choices or an ending"):
        ScenarioStep.model_validate({"id": "s"})
    with pytest.raises(ValidationError, match="either choices or an ending"):
        ScenarioStep.model_validate(
            {"id": "s", "choices": [choice, {**choice, "id": "d"}], "ending": ending}
        )
    with pytest.raises(ValidationError, match="at least 2 choices"):
        ScenarioStep.model_validate({"id": "s", "choices": [choice]})
    with pytest.raises(ValidationError, match="less than or equal to 3"):
        ScenarioStep.model_validate({"id": "s", "choices": [{**choice, "score": 4}, choice]})


def test_scenario_category_must_be_known() -> None:
    with pytest.raises(ValidationError) as info:
        ObjectionScenarioDoc.model_validate({"kind": "objection_scenario", "category": "weather"})
    locs = {e["loc"] for e in info.value.errors()}
    assert ("category",) in locs


def test_criterion_anchors_cover_1_to_5() -> None:
    base = {"id": "c", "name": T, "description": T, "stages": ["opening"]}
    full = {i: T for i in range(1, 6)}
    assert sorted(Criterion.model_validate({**base, "anchors": full}).anchors) == [1, 2, 3, 4, 5]
    with pytest.raises(ValidationError, match="outside 1 to 5"):
        Criterion.model_validate({**base, "anchors": {**full, 0: T}})
    with pytest.raises(ValidationError, match=r"missing descriptor for score \[4, 5\]"):
        Criterion.model_validate({**base, "anchors": {1: T, 2: T, 3: T}})


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        Text(zh="中", en="e", fr="f")  # type: ignore[call-arg]
    assert info.value.errors()[0]["type"] == "extra_forbidden"
