"""Module 08 played on every shipped item: the right answer earns full marks, every wrong
choice costs its point, and the feedback of every path is readable in both languages."""

from __future__ import annotations

import itertools
import re

import pytest

from helpers.learner.exercises.invitations import grade_invitation
from helpers.learner.exercises.plan_review import review_plans
from helpers.learner.exercises.product_line import CHAIN_RULES, grade_product_line, sound_plans
from helpers.learner.exercises.quiz import grade_quiz
from helpers.learner.exercises.receivables import (
    ACTIONS,
    receivable_class,
    sort_receivables,
    supply_action,
)
from helpers.learner.exercises.result import Result
from helpers.learner.exercises.scripts import check_script, sentences
from helpers.playbook import load_library
from tests.conftest import PROJECT
from tests.learner.prose import punctuation_faults

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
RULES = {r.id for r in CHAIN_RULES}
SHARED = ("quiz:", "own_script:")
"""Results whose messages other modules share; their punctuation is not checked here."""


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def readable(result: Result) -> None:
    """Every feedback line exists in both languages, the English holds no Chinese, and the
    English of module 08's own exercises has one colon to a sentence and no dash before one."""
    zh, en = result.lines("zh"), result.lines("en")
    assert len(zh) == len(en) > 0
    for _, line in en:
        assert not CJK.search(line), line
        assert "(none)" not in line, line
        if not result.exercise_id.startswith(SHARED):
            assert not punctuation_faults(line), line
    for _, line in zh:
        assert "（未选）" not in line, line


def test_every_product_line_has_one_sound_plan_and_every_other_plan_loses_points(lib) -> None:
    for case in (c for d in lib.of_kind("product_line") for c in d.cases):
        roles = {p.id: p.role for p in case.products}
        [sound] = sound_plans(case)
        best = grade_product_line(case, roles, sound, lib)
        assert best.score == best.max_score
        readable(best)
        for plan in itertools.combinations([p.id for p in case.products], case.withdraw):
            result = grade_product_line(case, roles, list(plan), lib)
            readable(result)
            if sorted(plan) != sorted(sound):
                assert result.score < best.max_score, plan
        ids = [p.id for p in case.products]
        for n in range(len(ids) + 1):
            for plan in itertools.combinations(ids, n):
                result = grade_product_line(case, roles, list(plan), lib)
                rules = [f for f in result.items if f.item in RULES]
                # a rule line is marked right exactly when it earns its point
                assert all(f.ok == (f.points == 1.0) for f in rules), plan
                if n != case.withdraw:
                    assert not any(f.ok for f in rules), plan


def test_every_receivables_ledger_scores_full_marks_by_its_dates_and_rules(lib) -> None:
    for ledger in (g for d in lib.of_kind("receivables") for g in d.ledgers):
        answers = {}
        for e in ledger.entries:
            cls = receivable_class(e, ledger.as_of)
            answers[e.id] = {
                "class": cls,
                "action": ACTIONS[cls],
                "supply": supply_action(e.reminders),
            }
        result = sort_receivables(ledger, answers, lib)
        assert result.score == result.max_score
        readable(result)
        for e in ledger.entries:
            for part in ("class", "action", "supply"):
                wrong = {**answers, e.id: {**answers[e.id], part: "none of these"}}
                slip = sort_receivables(ledger, wrong, lib)
                assert slip.score == result.max_score - 1
                readable(slip)


def test_every_plan_review_has_one_clash_and_each_wrong_answer_costs_a_point(lib) -> None:
    for case in (c for d in lib.of_kind("plan_review") for c in d.cases):
        assert len(case.clashes()) == 1
        right = {
            "clash": case.clashes()[0],
            "lead": case.lead,
            "share": 5,
            "paid_when": "paid_in_full",
            "reason": next(p.id for p in case.reasons if p.right),
            "destination": next(p.id for p in case.destinations if p.right),
        }
        result = review_plans(case, right, lib)
        assert result.score == 6
        readable(result)
        other = next(r.id for r in case.reps if r.id != case.lead)
        for key, value in (("lead", other), ("share", 15), ("paid_when", "signed")):
            slip = review_plans(case, {**right, key: value}, lib)
            assert slip.score == 5, key
            readable(slip)
        for key, picks in (("reason", case.reasons), ("destination", case.destinations)):
            for pick in (p for p in picks if not p.right):
                slip = review_plans(case, {**right, key: pick.id}, lib)
                assert slip.score == 5
                readable(slip)


def test_every_invitation_choice_is_played(lib) -> None:
    for case in (c for d in lib.of_kind("invitations") for c in d.cases):
        for moment in case.moments:
            assert sum(c.fits for c in moment.choices) == 1
        choices = [[c.id for c in m.choices] for m in case.moments]
        for picks in itertools.product(*choices):
            answer = dict(zip([m.id for m in case.moments], picks, strict=True))
            result = grade_invitation(case, answer, lib)
            fits = sum(
                next(c for c in m.choices if c.id == p).fits
                for m, p in zip(case.moments, picks, strict=True)
            )
            assert result.score == fits
            readable(result)


def test_every_channel_quiz_item_scores_its_correct_options(lib) -> None:
    quiz = next(q for q in lib.quizzes if q.id == "quiz_channel")
    for item in quiz.items:
        right = [o.id for o in item.options if o.correct]
        assert grade_quiz(item, right, lib).score == 1
        for option in (o for o in item.options if not o.correct):
            result = grade_quiz(item, [option.id], lib)
            assert result.score == 0
            readable(result)


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_the_model_scripts_pass_the_script_checks(lib, locale: str) -> None:
    for situation in (x for d in lib.of_kind("script_practice") for x in d.situations):
        model = situation.model_script.get(locale)
        draft = " ".join(sentences(model)[:-1])
        result = check_script(situation, {"draft": draft, "revision": model}, lib)
        assert result.score == result.max_score, (situation.id, locale)
        readable(result)
        # a revision too short to be a script earns nothing and the draft is judged instead
        scrap = check_script(situation, {"draft": model, "revision": "改"}, lib)
        assert scrap.score == result.max_score - 1
        readable(scrap)


def test_answers_left_half_done_read_as_unanswered(lib) -> None:
    for case in (c for d in lib.of_kind("product_line") for c in d.cases):
        first = case.products[0]
        readable(grade_product_line(case, {first.id: first.role}, [], lib))
    for ledger in (g for d in lib.of_kind("receivables") for g in d.ledgers):
        first = ledger.entries[0]
        readable(sort_receivables(ledger, {first.id: {"supply": "remind"}}, lib))
    for case in (c for d in lib.of_kind("plan_review") for c in d.cases):
        readable(review_plans(case, {"lead": case.lead}, lib))
    for case in (c for d in lib.of_kind("invitations") for c in d.cases):
        first = case.moments[0]
        readable(grade_invitation(case, {first.id: first.choices[0].id}, lib))
