"""The weekly plan review: the clash, the lead, the assistant's share, the lost customer."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.plan_review import review_plans
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def case():
    return load_library(PROJECT / "playbooks").of_kind("plan_review")[0].cases[0]


def right(case) -> dict:
    return {
        "clash": case.clashes()[0],
        "lead": case.lead,
        "share": 5,
        "paid_when": "paid_in_full",
        "reason": next(p.id for p in case.reasons if p.right),
        "destination": next(p.id for p in case.destinations if p.right),
    }


def test_full_marks(case) -> None:
    assert review_plans(case, right(case)).score == 6


@pytest.mark.parametrize(
    ("share", "ok"), [(4.9, False), (5, True), (10, True), (10.5, False), (None, False)]
)
def test_the_share_is_five_to_ten_per_cent(case, share, ok: bool) -> None:
    r = review_plans(case, dict(right(case), share=share))
    assert r.score == (6 if ok else 5)


def test_wrong_answers_name_what_is_right(case) -> None:
    other = next(r.id for r in case.reps if r.id != case.lead)
    r = review_plans(
        case,
        dict(right(case), clash="cu_school", lead=other, paid_when="signed", destination="unknown"),
    )
    assert r.score == 2
    lines = {f.item: f.text.en for f in r.items}
    assert "hospital" in lines["clash"]
    assert "Lao Li should lead, with Xiao Wang assisting" in lines["lead"]
    assert "paid in full" in lines["paid_when"]
    assert lines["destination"].startswith(
        "The customer went to: The new Hongda batching plant in the development zone. "
        "You picked: The rep did not ask, so nobody knows."
    )
    assert r.items[-1].text.zh.startswith("客户去了：开发区新开的宏达搅拌站；你选的是：不清楚")
    reason = review_plans(case, dict(right(case), reason="price")).items[-2].text
    assert reason.en.startswith(
        "The main reason was: We were late twice last time and held up the pour. "
        "You picked: Our price was higher than others'."
    )
    assert reason.zh.startswith("流失的主要原因是：上次供货两次晚到，耽误了浇筑；你选的是：")
    assert r.missed == ["wr_lead_assistant", "wr_lost_record", "wr_plans", "wr_share"]


def test_the_case_has_one_clash(case) -> None:
    assert case.clashes() == ["cu_hospital"]


def test_the_customer_both_reps_chase_is_not_one_the_ledgers_show_owing_us() -> None:
    # the clash is over a prospect no rep has won yet; a debt for its building would say otherwise
    lib = load_library(PROJECT / "playbooks")
    owing = [
        e.customer.zh for d in lib.of_kind("receivables") for g in d.ledgers for e in g.entries
    ]
    for review in lib.of_kind("plan_review")[0].cases:
        for clash in review.clashes():
            name = next(c.name.zh for c in review.customers if c.id == clash)
            place = name.removesuffix("项目")
            assert not [o for o in owing if o.startswith(place)], (review.id, name)


def test_a_name_beginning_with_the_never_lands_mid_sentence(case) -> None:
    hit = review_plans(case, right(case)).items[0].text.en
    assert hit.startswith(
        "Right: The new district hospital project is in both plans for next week."
    )
    miss = review_plans(case, dict(right(case), clash="cu_school")).items[0].text.en
    assert miss.startswith(
        "The customer in both plans: The new district hospital project. "
        "You picked: The south-side school."
    )


def test_unanswered_parts_are_not_called_none(case) -> None:
    r = review_plans(case, {"lead": case.lead})
    assert r.score == 1
    for f in r.items:
        assert "(none)" not in f.text.en and "未选" not in f.text.zh, f.item
    lines = {f.item: f.text.en for f in r.items}
    assert lines["clash"].startswith("You did not pick a customer.")
    assert lines["share"].startswith("You gave the assistant no share;")
    assert lines["reason"].startswith("You did not pick a reason.")
    assert lines["destination"].startswith("You did not pick where the customer went.")


def test_the_lead_line_names_the_assistant_once() -> None:
    lib = load_library(PROJECT / "playbooks")
    for c in lib.of_kind("plan_review")[0].cases:
        line = review_plans(c, right(c)).items[1].text
        assert line.zh.count("做协助人") == 1 and line.en.count(" assists") == 1, c.id
