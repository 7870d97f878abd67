"""The account-plan and calling-high forms: each part checked, what is missing named."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.plans import (
    check_account_plan,
    check_calling_high,
    has_deadline,
    order_problems,
    quantified,
    says_when,
    written,
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
        # real amounts in words
        ("销量增长百分之二十", True),
        ("grow sales thirty percent", True),
        ("grow sales by 30 per cent", True),
        ("fifteen new stores list our lines", True),
        ("eleven new stores list our lines", True),
        ("a dozen new stores list our lines", True),
        ("double their order of our lines", True),
        ("儿童用药销量翻一番", True),
        ("儿童用药销量翻倍", True),
        ("销售额提高两成", True),
        ("新开一家店就上架我们的产品", True),
        # everything of a kind is an amount
        ("年底前所有新店都上架我们的品种", True),
        ("每一家门店年内上架", True),
        ("get listed in all new stores by end of year", True),
        ("every new store lists our core range by June", True),
        # no amount, or only inside the deadline, or "a" rather than a number
        ("扩大合作", False),
        ("grow the business with them", False),
        ("半年内扩大合作", False),
        ("和一个店长搞好关系", False),
        ("成为一家更好的伙伴", False),
        ("be their number one supplier", False),
        ("become one of their main suppliers", False),
        ("by 2027 grow the business", False),
        ("1", False),
        ("所有合作都要做好", False),
        ("make every effort with them", False),
    ],
)
def test_quantified(goal: str, ok: bool) -> None:
    assert quantified(goal) is ok


@pytest.mark.parametrize(
    ("goal", "ok"),
    [
        ("半年内进入 10 家新店", True),
        ("今年 15 家新店上架", True),
        ("三个月新开 5 家店", True),
        ("12 月底前上架 6 个品种", True),
        ("two new lines within six months", True),
        ("list 6 lines by the end of June", True),
        ("twelve new stores this year", True),
        ("by 2027 grow the business", True),
        ("Get 6 lines in all new stores within their first month", True),
        ("by mid-year list our lines in 10 stores", True),
        ("list our lines in 10 stores by the half-year", True),
        ("进入 10 家新店", False),
        ("月进货从 40 万元提到 50 万元", False),
        ("list our 6 core lines in 15 stores", False),
    ],
)
def test_has_deadline(goal: str, ok: bool) -> None:
    assert has_deadline(goal) is ok


@pytest.mark.parametrize(
    "text",
    [
        "下周三前发方案",
        "within 3 days",
        "call him in three days",
        "send it in a fortnight",
        "review the figures weekly",
        "send the plan the following morning",
        "send the plan right after the meeting",
        "send the plan immediately",
        "次日把方案发给他",
        "明早把方案发给他",
        "马上把方案发给他",
        "立刻把方案发给他",
        "当场约好复盘",
        "每月和他复盘一次",
        "本月内交报告",
        "会后给高总发试用方案",
        "见面后把方案发给他",
        "回去后整理纪要发给他",
        "一回去就把报价发过去",
        "send the plan after the meeting",
    ],
)
def test_says_when(text: str) -> None:
    assert says_when(text)


def test_says_when_needs_a_time() -> None:
    assert not says_when("给他打个电话") and not says_when("call him")
    assert not says_when("找机会后再联系他")  # 会后 inside 机会 says no time


def test_written_counts_each_script_fairly() -> None:
    assert written("get a trial") and written("约他见面谈试用")
    assert not written("聊聊看看") and not written("trial")
    assert not written("1") and not written(None)


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
    assert '"grow the business" does not say how much' in text
    assert '"grow the business" has no deadline: say by when it will be met' in text
    assert f"For example: {case.model_answer.goals[0].en}." in text
    assert 'no tactic for "Height of relationships"' in text
    assert case.model_answer.height.en in text
    assert r.missed == ["plan_goals", "plan_height"]
    # two lines about the goals, one point lost
    goals = [f for f in r.items if f.item == "goals"]
    assert [f.points for f in goals] == [0.0, None]
    assert check_account_plan(case, {"goals": [" "]}, lib).items[0].item == "answer"


def test_a_goal_with_a_number_and_no_deadline_costs_the_point(lib) -> None:
    case = lib.of_kind("account_plan")[0].cases[0]
    r = check_account_plan(case, plan(goals=["10 new stores list our lines"]), lib)
    assert r.score == 4
    (line,) = [f for f in r.items if f.item == "goals"]
    assert "has no deadline" in line.text.en and "没有期限" in line.text.zh


def test_the_form_check_says_it_is_only_a_form_check(lib) -> None:
    case = lib.of_kind("account_plan")[0].cases[0]
    r = check_account_plan(case, plan(), lib)
    success = next(f for f in r.items if f.item == "success")
    assert success.ok and "compare it with the example" in success.text.en
    assert case.model_answer.success.zh in success.text.zh
    depth = next(f for f in r.items if f.item == "depth")
    assert depth.ok and case.model_answer.depth.en in depth.text.en


def test_the_same_short_plan_scores_alike_in_either_language(lib) -> None:
    case = lib.of_kind("account_plan")[0].cases[0]
    zh = {
        "success": "帮新店卖得快",
        "goals": ["半年内 10 家新店上架"],
        "breadth": "认识门店运营",
        "height": "拜访分管副总",
        "depth": "每月一起复盘",
    }
    en = {
        "success": "help new stores sell",
        "goals": ["10 new stores within six months"],
        "breadth": "meet store operations",
        "height": "visit the deputy",
        "depth": "review sales monthly",
    }
    assert check_account_plan(case, zh, lib).score == check_account_plan(case, en, lib).score == 5
    short = check_account_plan(case, {**zh, "depth": "聊聊看看"}, lib)
    assert short.score == 4 and "depth" in [f.item for f in short.items if not f.ok]


def good_preparation(case) -> dict:
    return {
        "preparation": [p.id for p in case.preparation if p.right],
        "who": case.decision_maker,
        "order": list(case.order),
        "outcome": "he agrees to a trial on one line next month",
        "interests": [p.id for p in case.interests if p.right],
        "obstacles": [p.id for p in case.obstacles if p.right],
        "follow_up": "send the trial plan the same day and review every Monday",
    }


def test_calling_high_parts(lib) -> None:
    case = lib.of_kind("calling_high")[0].cases[0]
    good = good_preparation(case)
    full = check_calling_high(case, good, lib)
    assert full.score == full.max_score == 7
    wrong_pick = next(p.id for p in case.interests if not p.right)
    r = check_calling_high(
        case,
        {**good, "order": [case.order[-1], *case.order[:-1]],
         "interests": [*good["interests"], wrong_pick],
         "follow_up": "call him again about the trial"},
        lib,
    )  # fmt: skip
    by_item = {f.item: f for f in r.items}
    assert not by_item["order"].ok and case.why_order.en in by_item["order"].text.en
    assert by_item["interests"].points == pytest.approx(0.5)
    assert "no date" in by_item["follow_up"].text.en
    assert r.score == pytest.approx(4.5)


def test_preparation_is_ticked_like_the_interests(lib) -> None:
    case = lib.of_kind("calling_high")[0].cases[0]
    good = good_preparation(case)
    brochure = next(p.id for p in case.preparation if not p.right)
    r = check_calling_high(case, {**good, "preparation": [*good["preparation"], brochure]}, lib)
    line = next(f for f in r.items if f.item == "preparation")
    assert line.points == pytest.approx(0.5) and "Preparation" in line.text.en
    assert r.items[0].item == "preparation"


def test_any_order_that_sees_the_gatekeeper_before_the_decision_maker_is_right(lib) -> None:
    case = lib.of_kind("calling_high")[0].cases[0]
    good = good_preparation(case)
    gk, dm = case.gatekeeper, case.decision_maker
    assert gk is not None
    other = next(p.id for p in case.people if p.id not in (gk, dm))
    names = {p.id: p.name.en for p in case.people}
    for order in ([gk, other, dm], [other, gk, dm]):
        r = check_calling_high(case, {**good, "order": order}, lib)
        line = next(f for f in r.items if f.item == "order")
        assert line.ok and line.points == 1, order
        assert ", ".join(names[p] for p in order) in line.text.en
    bypass = check_calling_high(case, {**good, "order": [dm, gk, other]}, lib)
    line = next(f for f in bypass.items if f.item == "order")
    assert not line.ok and f"{names[dm]} decides, so comes last." in line.text.en
    assert f"so see {names[gk]} before {names[dm]} rather than going round them." in line.text.en
    assert "One order that works" in line.text.en
    assert [t.en for t in order_problems(case, [other, dm])] == [
        f"Left out of the order: {names[gk]}."
    ]
    assert order_problems(case, [other, dm, gk]) != []


def test_whom_to_meet_left_empty_says_so(lib) -> None:
    case = lib.of_kind("calling_high")[0].cases[0]
    r = check_calling_high(case, {**good_preparation(case), "who": None}, lib)
    line = next(f for f in r.items if f.item == "who")
    assert line.text.en.startswith("You did not pick whom to meet")
    assert "(none)" not in line.text.en and "未选" not in line.text.zh
