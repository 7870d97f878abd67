"""Widgets for module 04, objection scenarios: a branching dialogue with buttons, and a
summary of the steps a learner tends to skip."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import ipywidgets as w

from helpers.learner.exercises import scenario as ex
from helpers.learner.exercises.result import Feedback, Result, display_order
from helpers.learner.personal import load_draft, save_draft
from helpers.learner.widgets.base import (
    OK_COLOUR,
    WRONG_COLOUR,
    ExerciseView,
    Session,
    feedback_html,
    styled,
)
from helpers.playbook.models import Choice
from helpers.store import Attempt

MODULE = "04_objections"


class ScenarioView(ExerciseView):
    """Play one objection scenario.

    Each choice is a button; pressing it adds the exchange to the history: what
    the customer said, the reply chosen and its feedback, naming the method
    step. When the dialogue ends, the whole path is graded and stored as one
    attempt; the final block shows the score, how it is made and the outcome
    (the replies' feedback stays in the history, shown once). "Play again",
    shown once a dialogue is under way, starts over.
    """

    module = "04_objections"
    doc_kind = "objection_scenario"
    you_key = "ui.you_say"
    """Catalogue key of the line that shows what the learner chose."""
    closing_items: tuple[str, ...] = ("ending", "answer")
    """Result items shown in the final block (the choices' lines are in the history)."""

    def __init__(self, session: Session, scenario_id: str) -> None:
        self.doc = self.find_doc(session, scenario_id)
        self.run = self.new_run(session)
        self.trail: list[Feedback] = []
        self.resumed = False
        super().__init__(session, scenario_id, self.doc.title)
        self.check.layout.display = "none"  # the choice buttons submit; no check button
        session.on_learner(self._learner_changed)
        self._resume()

    def find_doc(self, session: Session, doc_id: str) -> Any:
        """The document this view plays."""
        return next(d for d in session.lib.scenarios if d.id == doc_id)

    def new_run(self, session: Session) -> ex.ScenarioRun:
        """A fresh run of the document."""
        return ex.ScenarioRun(session.lib, self.doc)

    @property
    def draft_id(self) -> str:
        """The name the learner's half-played path is kept under in the store."""
        return self.doc.id

    def header_html(self) -> str:
        """Who the customer is, as HTML in the session's language."""
        s = self.session
        p = self.doc.persona
        return (
            f"<b>{html.escape(s.text(p.name))}</b>, {html.escape(s.text(p.role))}, "
            f"{html.escape(s.text(p.company))}<br><small>{html.escape(s.text(p.background))}"
            "</small>"
        )

    def build(self) -> list[w.Widget]:
        self.persona = styled(w.HTML(), "text")
        self.history = styled(w.HTML(), "text")
        self.customer = styled(w.HTML(), "text")
        self.buttons = styled(w.VBox(), "row")
        self.replay = styled(w.Button(layout=w.Layout(display="none")), "button")
        self.replay.on_click(lambda _b: self.restart())
        self.note = styled(w.HTML(), "text")
        return [self.persona, self.note, self.history, self.customer, self.buttons, self.replay]

    def relabel(self) -> None:
        s = self.session
        self.persona.value = self.header_html()
        self.replay.description = s.ui("ui.replay")
        self._draw()

    def _draw(self) -> None:
        s = self.session
        self.note.value = (
            f"<small><i>{html.escape(s.ui('ui.draft_resumed'))}</i></small>" if self.resumed else ""
        )
        exchanges = []
        for (sid, cid), fb in zip(self.run.path, self.trail, strict=True):
            step = self.doc.step(sid)
            choice = next(c for c in step.choices if c.id == cid)
            colour, mark = (OK_COLOUR, "✔") if fb.ok else (WRONG_COLOUR, "✘")
            verdict = fb.text.get(s.locale)
            if fb.points:
                verdict += " " + s.ui("fb.points", points=f"+{fb.points:g}")
            exchanges.append(
                f'<li style="margin:0 0 0.6em 0">{self._said(step)}'
                f"<div><b>{html.escape(s.ui(self.you_key, line=s.text(choice.text)))}</b></div>"
                f'<div style="color:{colour}"><span aria-hidden="true">{mark}</span> '
                f"{html.escape(verdict)}</div></li>"
            )
        self.history.value = (
            f'<ul style="list-style:none;padding-left:0;margin:0">{"".join(exchanges)}</ul>'
            if exchanges
            else ""
        )
        step = self.run.current
        self.customer.value = self._said(step)
        buttons = []
        for choice in self.shown_choices():
            b = styled(w.Button(description=s.text(choice.text)), "button", "reply")
            b.on_click(lambda _b, cid=choice.id: self.pick(cid))
            buttons.append(b)
        self.buttons.children = buttons
        self.replay.layout.display = None if self.run.path else "none"
        if self.run.finished:
            self._show_feedback()

    def _said(self, step: Any) -> str:
        """What sets the scene at ``step`` and what the customer says there, as HTML."""
        s = self.session
        said = [s.text(x) for x in (step.situation, step.customer) if x is not None]
        return "".join(
            f"<div>{html.escape(s.ui('ui.customer_says', line=t))}</div>"
            if i == len(said) - 1 and step.customer is not None
            else f"<div><i>{html.escape(t)}</i></div>"
            for i, t in enumerate(said)
        )

    def render(self, result: Result) -> str:
        """The score, how it is made and the outcome: the replies' lines are in the history."""
        ending = [f for f in result.items if f.item in self.closing_items]
        return feedback_html(replace(result, items=ending), self.session.locale)

    def shown_choices(self) -> list[Choice]:
        """The current step's choices in the order shown (fixed, but not the file's order)."""
        step = self.run.current
        return display_order(step.choices, f"{self.doc.id}.{step.id}")

    def choice_buttons(self) -> dict[str, w.Button]:
        """The buttons now on screen, by choice id (for tests and automation)."""
        ids = [c.id for c in self.shown_choices()]
        return dict(zip(ids, self.buttons.children, strict=True))

    def pick(self, choice_id: str) -> Feedback:
        """Take a choice; when that ends the dialogue, grade and store the path.

        Until the dialogue ends, the path so far is kept as the learner's
        draft in the store, so a restart of the notebook, or a new session of
        the same learner anywhere, picks up where they left off.
        """
        fb = self.run.choose(choice_id)
        self.trail.append(fb)
        path = self.answer()
        if self.run.finished:
            self.resumed = False
            self.show(self.run.result(), path)
            self._keep_draft(None)
        else:
            self._keep_draft(path)
        self._draw()
        return fb

    def restart(self) -> None:
        """Start the dialogue again."""
        self.run.replay()
        self.trail.clear()
        self.clear_feedback()
        self.resumed = False
        self._keep_draft(None)
        self._draw()

    def _keep_draft(self, path: list[str] | None) -> None:
        # a draft is a convenience (a failure to keep it is only logged): the attempt is what counts
        save_draft(self.session.store, self.session.learner_id, self.draft_id, path)

    def _resume(self) -> None:
        """Replay the learner's draft of this dialogue, if there is one that still fits."""
        path = load_draft(self.session.store, self.session.learner_id, self.draft_id)
        if not path:
            return
        run = self.new_run(self.session)
        try:
            trail = [run.choose(cid) for cid in path]
        except ValueError:
            self._keep_draft(None)  # the scenario changed since: start afresh
            return
        if run.finished:
            self._keep_draft(None)
            return
        self.run, self.trail, self.resumed = run, trail, True
        self._draw()

    def _learner_changed(self) -> None:
        self.run = self.new_run(self.session)
        self.trail = []
        self.clear_feedback()
        self.resumed = False
        self._resume()
        self._draw()

    def answer(self) -> Any:
        return [cid for _, cid in self.run.path]

    def grade(self, answer: list[str]) -> Result:
        return ex.walk(self.new_run(self.session), answer)


def skipped_counts(session: Session) -> tuple[int, list[tuple[str, int]]]:
    """How many scenarios the session's learner finished, and the steps they skipped.

    Returns
    -------
    tuple
        The number of finished scenario attempts, and each skipped method step
        or tactic id with how often, most often first.
    """
    docs = {f"scenario:{d.id}": d for d in session.lib.scenarios}
    missed = []
    for a in session.store.attempts(session.learner_id, module=MODULE):
        doc = docs.get(a.exercise_id)
        if doc is not None:
            missed.append(ex.attempt_missed(session.lib, doc, a.answer, a.feedback))
    return len(missed), ex.skipped_summary(missed)


class SkippedStepsView:
    """The steps and tactics this learner missed most often when a moment called for them.

    Each row names the step in the glossary's words, in the session's
    language, with how often a reply worth less than the best was taken where
    that step was called for. Redrawn after every attempt at a
    scenario, and when the language or the learner changes.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.title = styled(w.HTML(), "text")
        self.body = styled(w.HTML(), "text")
        self.widget = styled(w.VBox([self.title, self.body]), "view")
        self.summary: list[tuple[str, int]] = []
        session.on_locale(self.refresh)
        session.on_learner(self.refresh)
        session.on_attempt(self._attempt)
        self.refresh()

    def _attempt(self, attempt: Attempt) -> None:
        if attempt.module == MODULE:
            self.refresh()

    def refresh(self) -> None:
        """Reread the learner's scenario attempts and redraw the list."""
        s = self.session
        n, self.summary = skipped_counts(s)
        self.title.value = f"<b>{html.escape(s.ui('ui.skipped_title'))}</b>"
        if n == 0:
            self.body.value = f"<p>{html.escape(s.ui('ui.skipped_none'))}</p>"
            return
        if not self.summary:
            self.body.value = f"<p>{html.escape(s.ui('ui.skipped_all_good', n=n))}</p>"
            return
        rows = "".join(
            "<li>"
            + html.escape(s.ui("ui.skipped_row", name=s.text(ex.step_name(s.lib, term)), n=count))
            + "</li>"
            for term, count in self.summary
        )
        self.body.value = (
            f"<ol>{rows}</ol><small>{html.escape(s.ui('ui.skipped_from', n=n))}</small>"
        )
