"""Headless widget tests: set values and click from Python, check feedback and stored attempts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.playbook import load_library
from helpers.store import Store
from helpers.widgets import HomeView, Session
from helpers.widgets.ffab import DistractorView, OwnChainView, RankNeedsView, TieNeedsView
from helpers.widgets.flow import ChecklistView, NextStageView, StageOrderView, TermOrderView
from helpers.widgets.followup import (
    AccountGradeView,
    DistanceView,
    SimulatorView,
    VisitPlanView,
)
from helpers.widgets.funnel import ClassifyView, FunnelView, OwnQuestionView
from helpers.widgets.quiz import QuizView
from helpers.widgets.scenario import ScenarioView

from .conftest import PROJECT


@pytest.fixture
def session(mini: Path, tmp_path: Path) -> Session:
    lib = load_library(mini)
    return Session(lib, Store(f"sqlite:///{tmp_path / 'w.sqlite'}"), "li.na", "en")


def test_stage_order_round_trip(session: Session) -> None:
    view = StageOrderView(session, "canonical")
    assert [o[1] for o in view.slots[0].options] == ["handle_objections", "opening"]
    view.slots[0].value = "opening"
    view.slots[1].value = "handle_objections"
    view.check.click()
    assert "Score: 2 / 2" in view.feedback.value
    (attempt,) = session.store.attempts("li.na")
    assert attempt.exercise_id == "flow_order:canonical"
    assert attempt.answer == ["opening", "handle_objections"]
    assert attempt.content_version == session.lib.version_of("visit_flow", "canonical")
    assert attempt.module == "01_visit_flow"


def test_language_switch_relabels_and_keeps_answers(session: Session) -> None:
    view = StageOrderView(session, "canonical")
    view.slots[0].value = "handle_objections"
    view.check.click()
    session.set_locale("zh")
    assert view.check.description == "检查答案"
    assert view.slots[0].value == "handle_objections"
    assert "开场白" in view.slots[0].options[0][0] or "开场白" in view.slots[0].options[1][0]
    assert "得分：0 / 2" in view.feedback.value
    assert "“开场白”" in view.feedback.value


def test_wrong_answer_goes_to_the_review_queue(session: Session) -> None:
    view = NextStageView(session, "opening")
    view.check.click()  # nothing chosen: empty answer, 0 points
    assert "No answer yet" in view.feedback.value
    cards = session.store.cards("li.na")
    assert [c.item_id for c in cards] == ["flow_next:canonical.opening"]
    view.choice.value = "handle_objections"
    view.check.click()
    assert "Right, next comes" in view.feedback.value
    assert len(session.store.attempts("li.na")) == 2


def test_checklist_and_quiz(session: Session) -> None:
    view = ChecklistView(session, "opening")
    view.boxes["c0"].value = True
    view.check.click()
    assert "Score: 1 / 1" in view.feedback.value
    quiz = QuizView(session, "qz1")
    quiz.choice.value = "b"
    quiz.check.click()
    assert "Not quite; the answer is: How is business?" in quiz.feedback.value
    assert quiz.module == "02_question_funnel"


def test_term_order_uses_the_glossary(session: Session, mini: Path) -> None:
    shutil.copy(PROJECT / "playbooks" / "methods.yaml", mini / "methods.yaml")
    session.lib = load_library(mini)
    view = TermOrderView(session, "opening_")
    for slot, term in zip(
        view.slots,
        ["opening_agenda", "opening_value", "opening_time", "opening_accept"],
        strict=True,
    ):
        slot.value = term
    view.check.click()
    assert "Score: 4 / 4" in view.feedback.value


def test_funnel_widgets(session: Session) -> None:
    classify = ClassifyView(session, "grocery")
    classify.rows["q1"][1].value = "expanding"
    classify.check.click()
    assert "Score: 1 / 1" in classify.feedback.value
    funnel = FunnelView(session, "grocery", slots=2)
    funnel.slots[0].value = "q1"
    funnel.check.click()
    assert "No limiting question" in funnel.feedback.value
    own = OwnQuestionView(session)
    own.text.value = "你们每周哪一天收货？"
    own.check.click()
    assert "limiting" in own.feedback.value
    assert session.store.attempts("li.na")[-1].content_version.startswith("rules-")


def test_ffab_widgets(session: Session) -> None:
    tie = TieNeedsView(session, "water")
    tie.rows["margin_chain"][1].value = "margin"
    tie.check.click()
    assert "Score: 1 / 1" in tie.feedback.value
    spot = DistractorView(session, "water")
    spot.boxes["distractor:jargon_pitch"].value = True
    spot.check.click()
    assert "You spotted the distractor" in spot.feedback.value
    rank = RankNeedsView(session, "water")
    rank.slots[0].value = "margin"
    rank.check.click()
    assert "Score: 1 / 1" in rank.feedback.value
    own = OwnChainView(session, "water")
    own.fields["feature"].value = "每箱 24 瓶"
    own.check.click()
    assert "is still empty" in own.feedback.value


def test_scenario_buttons_give_feedback_and_store_the_path(session: Session) -> None:
    view = ScenarioView(session, "price_water")
    assert "Mr Wang" in view.persona.value
    assert "Customer: You&#x27;re too expensive." in view.customer.value
    view.choice_buttons()["poor"].click()
    assert "Gave away price instead of using divide. (Divide)" in view.history.value
    assert "Outcome: The margin is gone." in view.feedback.value
    (attempt,) = session.store.attempts("li.na")
    assert attempt.answer == ["poor"] and attempt.score == 0
    view.replay.click()
    assert view.feedback.value == "" and view.history.value.count("<li") == 0
    view.choice_buttons()["good"].click()
    assert "Score: 3 / 3" in view.feedback.value


def test_followup_widgets(session: Session) -> None:
    grade = AccountGradeView(session, "corner_shop")
    grade.grade_buttons.value = "D"
    grade.check.click()
    assert "Right, this is a grade D account" in grade.feedback.value
    plan = VisitPlanView(session, n=2)
    for cid, (_, select) in plan.rows.items():
        select.value = ("1-am",) if cid == "big_chain" else ("3-pm",)
    plan.check.click()
    assert "Score: 2 / 2" in plan.feedback.value
    assert "Corner shop" in plan.feedback.value
    dist = DistanceView(session, seed=3)
    dist.choice.value = "none"
    dist.check.click()
    assert "Score:" in dist.feedback.value
    sim = SimulatorView(session)
    sim.leads.value = 100
    assert "Expected deals: 5.0" in sim.summary.value
    assert sim.chart.value[:4] == b"\x89PNG"


def test_home_view_shows_progress_and_due(session: Session) -> None:
    view = NextStageView(session, "opening")
    view.check.click()  # no answer: wrong, so it comes back for review today
    home = HomeView(session)
    assert "flow_next:canonical.opening" in home.due.value
    bar = home.bars["01_visit_flow"][1]
    assert bar.value == 0.0
    order = StageOrderView(session, "canonical")
    order.slots[0].value, order.slots[1].value = "opening", "handle_objections"
    order.check.click()
    home.refresh()
    assert home.bars["01_visit_flow"][1].value == pytest.approx(0.5)
    home.toggle.value = "zh"
    assert home.bars["01_visit_flow"][0].value == "01 客户拜访流程"


def test_start_remembers_learner_and_language(mini: Path, monkeypatch) -> None:
    from helpers.widgets.home import remembered, start

    lib = load_library(mini)
    first = start(lib=lib)
    assert (first.learner_id, first.locale) == ("guest", "en")
    home = HomeView(first)
    home.learner.value = "wang.fang"
    home.toggle.value = "zh"
    assert remembered() == {"learner_id": "wang.fang", "locale": "zh"}
    again = start(lib=lib)
    assert (again.learner_id, again.locale) == ("wang.fang", "zh")
    monkeypatch.setenv("COACHKIT_LEARNER", "server.user")
    assert start(lib=lib).learner_id == "server.user"


def test_choices_are_shown_in_a_fixed_order_that_hides_the_best(tmp_path: Path) -> None:
    lib = load_library(PROJECT / "playbooks")
    session = Session(lib, Store(f"sqlite:///{tmp_path / 'w.sqlite'}"), "li.na", "en")
    best_first = steps = 0
    for doc in lib.scenarios:
        view = ScenarioView(session, doc.id)
        shown = view.shown_choices()
        assert sorted(c.id for c in shown) == sorted(c.id for c in view.run.current.choices)
        assert [c.id for c in shown] == [
            c.id for c in ScenarioView(session, doc.id).shown_choices()
        ]
        assert list(view.choice_buttons()) == [c.id for c in shown]
        best = max(c.score for c in shown)
        steps += 1
        best_first += shown[0].score == best
    # writers often put the best choice first; on screen it must not sit there every time
    assert best_first < steps * 0.7


def test_quiz_options_are_shown_shuffled_but_stable(session: Session) -> None:
    a = QuizView(session, "qz1")
    b = QuizView(session, "qz1")
    assert [o.id for o in a.options] == [o.id for o in b.options]
    assert sorted(o.id for o in a.options) == ["a", "b"]
