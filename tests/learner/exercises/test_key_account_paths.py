"""Every shipped key-account item, played through every choice: each part scores on its own,
the feedback names what fits in both languages, and the model answers pass their own checks."""

from __future__ import annotations

import itertools
import re

import pytest

from helpers.learner.exercises.consultative import REPLIES, grade_reply_pair
from helpers.learner.exercises.opportunity import assess_opportunities, ranking
from helpers.learner.exercises.placement import grade_placement
from helpers.learner.exercises.plans import (
    check_account_plan,
    check_calling_high,
    has_deadline,
    quantified,
)
from helpers.learner.exercises.tiers import expected_counts, sort_tiers
from helpers.playbook import load_library
from tests.conftest import PROJECT

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def test_every_reply_and_skill_of_every_pair(lib) -> None:
    skills = [t.id for t in lib.methods["consultative_selling"].terms]
    pairs = [p for d in lib.of_kind("reply_pairs") for p in d.pairs]
    assert pairs
    for pair in pairs:
        name = lib.terms[pair.skill][1].name
        for reply in REPLIES:
            for skill in skills:
                r = grade_reply_pair(pair, reply, skill, lib)
                assert r.score == (reply == "adviser") + (skill == pair.skill), (pair.id, reply)
                assert all(not CJK.search(t) for _, t in r.lines("en"))
                assert all(CJK.search(t) for _, t in r.lines("zh"))
                if r.score < 2:
                    assert name.en in " ".join(t for _, t in r.lines("en"))
                    assert name.zh in " ".join(t for _, t in r.lines("zh"))


def test_every_stage_and_move_of_every_case(lib) -> None:
    docs = lib.of_kind("placement")
    assert {d.method for d in docs} == {"buyer_process", "ka_development"}
    for doc in docs:
        stages = [t.id for t in lib.methods[doc.method].terms]
        for case in doc.cases:
            fit = next(m for m in case.moves if m.fits)
            for stage in stages:
                for move in case.moves:
                    r = grade_placement(case, stage, move.id, lib, doc.method)
                    assert r.score == (stage == case.stage) + move.fits, (case.id, stage, move.id)
                    whose = "this account" if doc.method == "ka_development" else "the customer"
                    assert whose in r.lines("en")[0][1].lower()
                    if not move.fits:
                        for loc in ("zh", "en"):
                            line = r.lines(loc)[1][1]
                            assert fit.text.get(loc) in line and move.why.get(loc) in line


def test_only_the_weighted_top_account_earns_the_pick_point(lib) -> None:
    doc = lib.of_kind("opportunity_assessment")[0]
    for opp_set in doc.sets:
        model = {a.id: dict(a.ratings) for a in opp_set.accounts}
        best = ranking(doc, model)[0]
        r = assess_opportunities(doc, opp_set, model, best, lib)
        assert r.score == r.max_score
        for other in (a.id for a in opp_set.accounts if a.id != best):
            assert assess_opportunities(doc, opp_set, model, other, lib).score == r.max_score - 1


def test_the_shipped_tiers_hold_the_2_3_5_shares_and_their_model_sort_scores_full(lib) -> None:
    tiers = lib.cadence.key_account_tiers
    for doc in lib.of_kind("tier_sort"):
        counts = {t.id: sum(a.tier == t.id for a in doc.accounts) for t in tiers}
        assert counts == expected_counts(tiers, len(doc.accounts))
        right = {a.id: a.tier for a in doc.accounts}
        r = sort_tiers(doc, tiers, right, {t.id: t.id for t in tiers}, lib)
        assert r.score == r.max_score


@pytest.mark.parametrize("loc", ["zh", "en"])
def test_the_model_answers_pass_their_own_form_checks(lib, loc: str) -> None:
    for case in (c for d in lib.of_kind("account_plan") for c in d.cases):
        m = case.model_answer
        answer = {
            "success": m.success.get(loc),
            "goals": [g.get(loc) for g in m.goals],
            **{side: getattr(m, side).get(loc) for side in ("breadth", "height", "depth")},
        }
        assert check_account_plan(case, answer, lib).score == 5, case.id
    for case in (c for d in lib.of_kind("calling_high") for c in d.cases):
        answer = {
            "preparation": [p.id for p in case.preparation if p.right],
            "who": case.decision_maker,
            "order": list(case.order),
            "outcome": case.outcome.get(loc),
            "interests": [p.id for p in case.interests if p.right],
            "obstacles": [p.id for p in case.obstacles if p.right],
            "follow_up": case.follow_up.get(loc),
        }
        r = check_calling_high(case, answer, lib)
        assert r.score == r.max_score == 7, case.id
        # each model goal says how much and by when on its own
        for goal in (
            g.get(loc)
            for d in lib.of_kind("account_plan")
            for c in d.cases
            for g in c.model_answer.goals
        ):
            assert quantified(goal) and has_deadline(goal), goal


def test_every_order_of_the_people_scores_by_the_rule(lib) -> None:
    for case in (c for d in lib.of_kind("calling_high") for c in d.cases):
        ids = [p.id for p in case.people]
        right = []
        for order in itertools.permutations(ids):
            r = check_calling_high(case, {"order": list(order)}, lib)
            line = next(f for f in r.items if f.item == "order")
            ok = order[-1] == case.decision_maker and (
                case.gatekeeper is None
                or order.index(case.gatekeeper) < order.index(case.decision_maker)
            )
            assert line.ok is ok and line.points == float(ok), order
            if ok:
                right.append(order)
            else:
                for loc in ("zh", "en"):
                    assert case.why_order.get(loc) in line.text.get(loc)
        # the gatekeeper-first order the quiz teaches is among the right ones
        assert case.gatekeeper is None or any(o[0] == case.gatekeeper for o in right)
        assert tuple(case.order) in right


def test_the_roles_do_not_say_whom_to_meet(lib) -> None:
    giveaways = ("守门人", "拍板", "决策", "gatekeeper", "decides", "decision")
    for case in (c for d in lib.of_kind("calling_high") for c in d.cases):
        for person in case.people:
            for loc in ("zh", "en"):
                role = person.role.get(loc)
                assert not any(g in role for g in giveaways), (person.id, role)


def test_the_strategic_accounts_buy_more_than_the_important_ones(lib) -> None:
    for doc in lib.of_kind("tier_sort"):
        yearly = {a.id: yearly_yuan(a.description.zh) for a in doc.accounts}
        by_tier = {
            t: [yearly[a.id] for a in doc.accounts if a.tier == t]
            for t in ("strategic", "important", "general")
        }
        assert min(by_tier["strategic"]) > max(by_tier["important"]), yearly
        assert min(by_tier["important"]) > max(by_tier["general"]), yearly


def yearly_yuan(text: str) -> float:
    """The yearly purchases a tier description states, in yuan (上千万元, 月进货约 40 万元…)."""
    if "上千万元" in text:
        return 1e7
    m = re.search(r"(\d+(?:\.\d+)?)\s*(万)?元", text)
    assert m, text
    amount = float(m.group(1)) * (1e4 if m.group(2) else 1)
    before = text[: m.start()]
    if "季度" in before:
        return amount * 4
    if "月" in before:
        return amount * 12
    return amount


def test_a_lazy_middle_rating_earns_no_account_point(lib) -> None:
    doc = lib.of_kind("opportunity_assessment")[0]
    for opp_set in doc.sets:
        lazy = {a.id: {f.id: 3 for f in doc.factors} for a in opp_set.accounts}
        r = assess_opportunities(doc, opp_set, lazy, None, lib)
        assert r.score == 0, [f.text.en for f in r.items if f.ok]


def test_the_two_replies_of_a_pair_are_of_similar_length(lib) -> None:
    for pair in (p for d in lib.of_kind("reply_pairs") for p in d.pairs):
        for loc in ("zh", "en"):
            adviser, vendor = len(pair.adviser.get(loc)), len(pair.vendor.get(loc))
            assert max(adviser, vendor) <= 1.5 * min(adviser, vendor), (
                pair.id,
                loc,
                adviser,
                vendor,
            )
