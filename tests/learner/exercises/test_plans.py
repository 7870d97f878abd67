"""The account-plan and calling-high forms: each part checked, what is missing named."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.plans import (
    check_account_plan,
    check_calling_high,
    quantified,
    says_when,
)
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


@pytest.mark.parametrize(
    ("goal", "ok"),
    [
        ("半年内进入 10 家新店", True),
        ("月进货提到十五万元", True),
        ("Listed in ten new stores", True),
        ("扩大合作", False),
        ("grow the business with them", False),
    ],
)
def test_quantified(goal: str, ok: bool) -> None:
    assert quantified(goal) is ok


def test_says_when() -> None:
    assert says_when("下周三前发方案") and says_when("within 3 days")
    assert not says_when("给他打个电话") and not says_when("call him")


def plan(**parts) -> dict:
    full = {
        "success": "help the new stores sell fast in their first months",
        "goals": ["10 new stores within six months"],
        "breadth": "meet store operations and two store managers",
        "height": "visit the deputy GM with our regional manager",
        "depth": "monthly sales review with Ms Wu",
    }
    return {**full, **parts}


def test_full_plan_and_what_is_missing(lib) -> None:
    case = lib.of_kind("account_plan")[0].cases[0]
    assert check_account_plan(case, plan(), lib).score == 5
    r = check_account_plan(case, plan(goals=["grow the business"], height=""), lib)
    assert r.score == 3
    text = " ".join(t for _, t in r.lines("en"))
    assert '"grow the business" has no number' in text
    assert "no tactic for Height of relationships" in text
    assert case.model_answer.height.en in text
    assert r.missed == ["plan_goals", "plan_height"]
    assert check_account_plan(case, {"goals": [" "]}, lib).items[0].item == "answer"


def test_calling_high_parts(lib) -> None:
    case = lib.of_kind("calling_high")[0].cases[0]
    good = {
        "who": case.decision_maker,
        "order": list(case.order),
        "outcome": "he agrees to a trial on one line next month",
        "interests": [p.id for p in case.interests if p.right],
        "obstacles": [p.id for p in case.obstacles if p.right],
        "follow_up": "send the trial plan the same day and review every Monday",
    }
    assert check_calling_high(case, good, lib).score == 6
    gatekeeper_last = [
        *[p for p in case.order if p != case.decision_maker][::-1],
        case.decision_maker,
    ]
    wrong_pick = next(p.id for p in case.interests if not p.right)
    r = check_calling_high(
        case,
        {**good, "order": gatekeeper_last, "interests": [*good["interests"], wrong_pick],
         "follow_up": "call him again about the trial"},
        lib,
    )  # fmt: skip
    by_item = {f.item: f for f in r.items}
    assert not by_item["order"].ok and case.why_order.en in by_item["order"].text.en
    assert by_item["interests"].points == pytest.approx(0.5)
    assert "no date" in by_item["follow_up"].text.en
    assert r.score == pytest.approx(3.5)
