"""Module 09 widgets, headless: play a field case with its buttons, keep the draft, sum it up."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.learner.exercises import cases
from helpers.learner.personal import load_draft, save_draft
from helpers.learner.widgets import Session
from helpers.learner.widgets.cases import BrokenPrinciplesView, CaseView, broken_counts
from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.store import Store
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(PROJECT / "playbooks")


@pytest.fixture
def session(lib: Library, tmp_path: Path) -> Session:
    return Session(lib, Store(f"sqlite:///{tmp_path / 'c.sqlite'}"), "li.na", "en")


def play(view: CaseView, path: list[str]) -> None:
    for cid in path:
        view.choice_buttons()[cid].click()


@pytest.mark.parametrize("case_id", ["case_stockout_dealers", "case_receivables_reps"])
def test_every_path_of_a_case_plays_through_the_buttons(session: Session, case_id: str) -> None:
    doc = next(d for d in session.lib.field_cases if d.id == case_id)
    view = CaseView(session, doc.id)
    paths = cases.paths(doc)
    for path in paths:
        play(view, path)
        assert view.run.finished
        expected = cases.play(session.lib, doc, path)
        assert view.last_result is not None and view.last_result.score == expected.score
        assert f"Score: {expected.score:g} / {expected.max_score:g}" in view.feedback.value
        assert "How it ended:" in view.feedback.value
        view.replay.click()
        assert view.run.path == [] and view.feedback.value == ""
    attempts = session.store.attempts("li.na", module="09_field_cases")
    assert len(attempts) == len(paths)
    assert {a.exercise_id for a in attempts} == {f"case:{doc.id}"}


def test_a_turn_shows_the_situation_then_the_consequence(session: Session) -> None:
    doc = session.lib.field_cases[0]
    view = CaseView(session, doc.id)
    first = doc.step(doc.start)
    assert first.situation is not None and first.title is not None
    assert first.title.en in view.customer.value
    assert doc.company.en in view.persona.value
    choice = min(first.choices, key=lambda c: c.score)
    view.choice_buttons()[choice.id].click()
    history = view.history.value
    assert "Your decision:" in history and "Principles broken:" in history
    assert choice.consequence.en.split(",")[0] in history
    session.set_locale("zh")
    assert "你的决定：" in view.history.value and "违背的原则：" in view.history.value


def test_the_closing_block_says_what_the_path_reveals(session: Session) -> None:
    doc = next(d for d in session.lib.field_cases if d.id == "case_stockout_dealers")
    view = CaseView(session, doc.id)
    play(view, ["pull_a", "wait", "raise_price", "token_subsidy", "strike_off"])
    text = view.feedback.value
    assert "Your path left the best line at the turn" in text
    assert "Principle broken, Unbroken supply:" in text
    assert "Turns where you decided as the real-life source did: 5 of 5." in text
    (attempt,) = session.store.attempts("li.na")
    assert attempt.feedback["missed"][:2] == ["profit_chain", "layered_product_line"]


def test_a_half_played_case_is_kept_apart_and_resumed(session: Session) -> None:
    doc = session.lib.field_cases[0]
    view = CaseView(session, doc.id)
    first = doc.step(doc.start).choices[0].id
    view.choice_buttons()[first].click()
    assert load_draft(session.store, "li.na", f"case/{doc.id}") == [first]
    assert load_draft(session.store, "li.na", doc.id) is None  # not under a scenario's name
    again = CaseView(session, doc.id)
    assert again.resumed and again.run.path == view.run.path
    assert again.history.value == view.history.value
    save_draft(session.store, "li.na", f"case/{doc.id}", ["no_such_decision"])
    fresh = CaseView(session, doc.id)
    assert fresh.run.path == [] and load_draft(session.store, "li.na", f"case/{doc.id}") is None


def test_the_principles_broken_most_often(session: Session) -> None:
    panel = BrokenPrinciplesView(session)
    assert "Nothing to sum up yet" in panel.body.value
    doc = next(d for d in session.lib.field_cases if d.id == "case_channel_profit")
    view = CaseView(session, doc.id)
    best = max(cases.paths(doc), key=lambda p: cases.summarise(doc, p).score)
    play(view, best)
    assert "You broke no principle." in panel.body.value
    view.replay.click()
    play(view, ["cut_again", "let_them_fight", "cancel", "push_volume"])
    n, counts = broken_counts(session)
    # a principle counts once per case in which it was broken, first broken first
    assert n == 2 and counts[:2] == [("dealer_profit", 1), ("layered_product_line", 1)]
    assert "Protect the channel&#x27;s profit: times broken: 1" in panel.body.value
    session.set_locale("zh")
    assert "保障渠道利润：违背 1 次" in panel.body.value
