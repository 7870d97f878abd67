"""Opportunity assessment: weighted totals, ratings within a point, the pick against the weights."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.opportunity import assess_opportunities, ranking, weighted_total
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def doc():
    return load_library(PROJECT / "playbooks").of_kind("opportunity_assessment")[0]


def reference(opp_set) -> dict:
    return {a.id: dict(a.ratings) for a in opp_set.accounts}


def test_weighted_total_uses_the_weights(doc) -> None:
    ratings = {f.id: 1 for f in doc.factors}
    assert weighted_total(doc, ratings) == pytest.approx(1.0)
    heavy = max(doc.factors, key=lambda f: f.weight)
    light = min(doc.factors, key=lambda f: f.weight)
    assert heavy.weight > light.weight
    up_heavy = weighted_total(doc, {**ratings, heavy.id: 5})
    up_light = weighted_total(doc, {**ratings, light.id: 5})
    assert up_heavy > up_light


def test_editing_a_weight_can_change_the_ranking(doc) -> None:
    opp_set = doc.sets[0]
    ratings = reference(opp_set)
    before = ranking(doc, ratings)[0]
    factors = [f.model_copy(update={"weight": 0.01}) for f in doc.factors]
    factors = [f.model_copy(update={"weight": 50}) if f.id == "opp_scope" else f for f in factors]
    after = ranking(doc.model_copy(update={"factors": factors}), ratings)[0]
    assert before != after  # the biggest account wins once size is all that counts


def test_right_ratings_and_pick_score_full(doc) -> None:
    opp_set = doc.sets[0]
    best = ranking(doc, reference(opp_set))[0]
    r = assess_opportunities(doc, opp_set, reference(opp_set), best)
    assert r.score == r.max_score == len(opp_set.accounts) + 1


def test_a_rating_off_by_two_is_named_with_high_and_low(doc) -> None:
    opp_set = doc.sets[0]
    ratings = reference(opp_set)
    first = opp_set.accounts[0]
    ratings[first.id]["opp_timing"] = min(5, first.ratings["opp_timing"] + 2)
    factor = next(f for f in doc.factors if f.id == "opp_timing")
    r = assess_opportunities(doc, opp_set, ratings, None)
    line = next(f for f in r.items if f.item == f"{first.id}.opp_timing")
    assert factor.high.en in line.text.en and "opp_timing" in r.missed
    # one point off is within tolerance
    ratings[first.id]["opp_timing"] = (
        first.ratings["opp_timing"] + 1 if first.ratings["opp_timing"] < 5 else 4
    )
    assert not any(
        f.item == f"{first.id}.opp_timing"
        for f in assess_opportunities(doc, opp_set, ratings, None).items
    )


def test_a_pick_against_the_learner_s_own_weights_is_flagged(doc) -> None:
    opp_set = doc.sets[0]
    ratings = reference(opp_set)
    best = ranking(doc, ratings)[0]
    other = next(a.id for a in opp_set.accounts if a.id != best)
    r = assess_opportunities(doc, opp_set, ratings, other)
    assert any(f.item == "weights" for f in r.items)
    assert r.score == len(opp_set.accounts)
    assert not any(
        f.item == "weights" for f in assess_opportunities(doc, opp_set, ratings, best).items
    )


def test_the_weights_line_only_when_the_pick_is_strictly_behind(doc) -> None:
    opp_set = doc.sets[0]
    ids = [a.id for a in opp_set.accounts]
    best = ranking(doc, reference(opp_set))[0]
    # the learner's own ratings tie every account: no account is ahead of the right pick
    tied = {a: {f.id: 3 for f in doc.factors} for a in ids}
    r = assess_opportunities(doc, opp_set, tied, best)
    assert not any(f.item == "weights" for f in r.items)
    # the model ratings put the best account strictly ahead of any other pick
    other = next(a for a in ids if a != best)
    r = assess_opportunities(doc, opp_set, reference(opp_set), other)
    line = next(f for f in r.items if f.item == "weights")
    best_name = next(a.name for a in opp_set.accounts if a.id == best)
    assert line.text.en.startswith(f"By your own ratings, {best_name.en} comes out ahead of")
    assert "say which factor" not in line.text.en


def test_an_unrated_factor_is_not_given_a_value(doc) -> None:
    opp_set = doc.sets[0]
    ratings = reference(opp_set)
    first = opp_set.accounts[0]
    ratings[first.id]["opp_timing"] = None
    r = assess_opportunities(doc, opp_set, ratings, None)
    line = next(f for f in r.items if f.item == f"{first.id}.opp_timing")
    assert line.text.en.startswith("Not rated; the description points to about")
    assert line.text.zh.startswith("这一项还没打分")
    assert "(none)" not in line.text.en and "未选" not in line.text.zh
