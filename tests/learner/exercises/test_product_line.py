"""The layered product line: layers graded per product, the withdrawal plan by the chain rules."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.product_line import (
    CHAIN_RULES,
    broken_rules,
    grade_product_line,
    sound_plans,
)
from helpers.playbook import load_library
from helpers.playbook.models import LineProduct, Text
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def product(pid: str, role: str, stage: str) -> LineProduct:
    t = Text(zh="产品", en="product")
    return LineProduct(
        id=pid, name=t, price=1, margin_pct=5, competition="some", stage=stage, role=role, why=t
    )


LINE = [
    product("old_lead", "pl_lead", "lc_decline"),
    product("lead", "pl_lead", "lc_maturity"),
    product("profit", "pl_profit", "lc_growth"),
    product("old_profit", "pl_profit", "lc_decline"),
    product("image", "pl_image", "lc_maturity"),
]


def test_withdrawing_declining_products_with_successors_keeps_every_rule() -> None:
    assert broken_rules(LINE, ["old_lead", "old_profit"]) == {}


def test_pulling_the_mature_best_seller_breaks_the_chain() -> None:
    broken = broken_rules(LINE, ["lead", "old_lead"])
    assert broken["only_declining"] == ["lead"]
    assert broken["lead_kept"] == []
    # neither lead product has a successor in the same layer once both are gone
    assert sorted(broken["successor"]) == ["lead", "old_lead"]


def test_a_lead_product_in_decline_does_not_hold_the_line(lib) -> None:
    dairy = next(c for c in lib.of_kind("product_line")[0].cases if c.id == "pl_case_dairy")
    # the only lead product left is the old fruit yoghurt, whose sales fall every year
    assert "lead_kept" in broken_rules(dairy.products, ["plain_milk", "malt_milk"])
    line = [product("old_lead", "pl_lead", "lc_decline"), *LINE[2:]]
    assert "lead_kept" in broken_rules(line, [])


def test_a_declining_product_needs_a_successor_in_its_own_layer() -> None:
    line = [*LINE[:2], product("lone_image", "pl_image", "lc_decline"), LINE[2]]
    assert broken_rules(line, ["lone_image"]) == {"successor": ["lone_image"]}


def test_no_profit_product_outside_decline_and_no_next_link() -> None:
    line = [product("a", "pl_lead", "lc_maturity"), product("b", "pl_profit", "lc_decline")]
    assert set(broken_rules(line, [])) == {"profit_alive", "next_link"}


def test_every_shipped_case_has_one_sound_plan_and_a_tempting_wrong_one(lib) -> None:
    for case in lib.of_kind("product_line")[0].cases:
        plans = sound_plans(case)
        assert len(plans) == 1, case.id
        # the product a manager would like to pull (mature, in the situation) breaks the chain
        mature = [p.id for p in case.products if p.stage == "lc_maturity"][: case.withdraw]
        assert broken_rules(case.products, mature), case.id


def test_full_marks_and_the_rule_broken_named(lib) -> None:
    case = lib.of_kind("product_line")[0].cases[0]
    roles = {p.id: p.role for p in case.products}
    best = grade_product_line(case, roles, sound_plans(case)[0], lib)
    assert best.score == best.max_score == len(case.products) + len(CHAIN_RULES)
    pulled = ["plain_milk", "fruit_yoghurt"]
    r = grade_product_line(case, roles, pulled, lib)
    assert r.score == len(case.products) + 2
    wrong = {f.item: f for f in r.items if not f.ok}
    # both lead products gone: none left, and neither has a successor in its layer
    assert set(wrong) == {"only_declining", "successor", "lead_kept"}
    assert "Plain milk" in wrong["only_declining"].text.en
    assert "Plain milk" in wrong["successor"].text.en and "fruit" in wrong["successor"].text.en
    assert "lc_decline" in r.missed and "lc_maturity" in r.missed


def test_the_plan_scores_only_with_the_right_number_withdrawn(lib) -> None:
    case = lib.of_kind("product_line")[0].cases[0]
    r = grade_product_line(case, {}, ["fruit_yoghurt"], lib)
    assert r.score == 0
    count = next(f for f in r.items if f.item == "withdraw")
    assert count.text.en.startswith("Products to withdraw: 2. Products you withdrew: 1. ")
    rules = [f for f in r.items if f.item in {c.id for c in CHAIN_RULES}]
    # withdrawing one product breaks nothing, yet no rule is marked as kept
    assert len(rules) == len(CHAIN_RULES)
    for line in rules:
        assert not line.ok and line.points == 0
        assert line.text.en.startswith("Not scored: ") and line.text.zh.startswith("不计分：")


def test_a_broken_rule_says_it_is_broken(lib) -> None:
    case = lib.of_kind("product_line")[0].cases[0]
    roles = {p.id: p.role for p in case.products}
    r = grade_product_line(case, roles, ["plain_milk", "malt_milk"], lib)
    lead = next(f for f in r.items if f.item == "lead_kept")
    assert not lead.ok
    assert lead.text.en.startswith("Broken: A lead product not in decline")
    assert lead.text.zh.startswith("没守住：")
    early = next(f for f in r.items if f.item == "only_declining")
    assert early.text.en.startswith("Broken: ") and "(at fault: Plain milk 250 ml)" in early.text.en


def test_an_unplaced_product_is_not_called_a_layer(lib) -> None:
    case = lib.of_kind("product_line")[0].cases[0]
    r = grade_product_line(case, {}, ["fruit_yoghurt", "malt_milk"], lib)
    first = r.items[0]
    assert not first.ok
    assert "(none)" not in first.text.en and "未选" not in first.text.zh
    assert "no layer picked" in first.text.en


def test_a_wrong_layer_says_why(lib) -> None:
    case = lib.of_kind("product_line")[0].cases[0]
    milk = case.products[0]
    r = grade_product_line(case, {milk.id: "pl_image"}, [], lib)
    line = r.items[0]
    assert not line.ok and milk.why.en in line.text.en and "Image product" in line.text.en


def test_empty_answer(lib) -> None:
    case = lib.of_kind("product_line")[0].cases[0]
    assert grade_product_line(case, {}, [], lib).score == 0
