"""Widgets for module 09, field cases: a company's story played turn by turn, and the principles
a learner breaks most often."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from helpers.learner.exercises import cases as ex
from helpers.learner.exercises.result import Result
from helpers.learner.exercises.scenario import skipped_summary
from helpers.learner.widgets.base import Session, feedback_html
from helpers.learner.widgets.scenario import ScenarioView, SkippedStepsView
from helpers.playbook.models import FieldCaseDoc
from helpers.store import Attempt

MODULE = "09_field_cases"


class CaseView(ScenarioView):
    """Play one field case.

    Each decision is a button; pressing it adds the turn to the history: the
    situation, the decision and what happened next, with the principles it
    used or broke. At the end the path is graded and stored as one attempt,
    and the final block says how the case ended, what the decisions reveal,
    the turn where the path left the best line, each principle broken with
    what it asks, and how the path compares with the real company's. A
    half-played case is kept as a draft, as a scenario is.
    """

    module = MODULE
    doc_kind = "field_case"
    you_key = "ui.you_decide"
    closing_items = ("ending", "answer", "reveal", "turn", "used", "history")

    def find_doc(self, session: Session, doc_id: str) -> FieldCaseDoc:
        """The field case this view plays."""
        return next(d for d in session.lib.field_cases if d.id == doc_id)

    def new_run(self, session: Session) -> ex.CaseRun:
        """A fresh run of the case."""
        return ex.CaseRun(session.lib, self.doc)

    @property
    def draft_id(self) -> str:
        """``case/<case id>``: apart from the scenarios' drafts, whatever the ids."""
        return f"case/{self.doc.id}"

    def header_html(self) -> str:
        """The company, the learner's role and how things stood, as HTML."""
        s = self.session
        d = self.doc
        return (
            f"<b>{html.escape(s.text(d.company))}</b><br>{html.escape(s.text(d.role))}"
            f"<br><small>{html.escape(s.text(d.background))}</small>"
        )

    def render(self, result: Result) -> str:
        """The closing block, with each principle broken and what it asks."""
        shown = self.closing_items
        keep = [f for f in result.items if f.item in shown or f.item.startswith("broken.")]
        return feedback_html(replace(result, items=keep), self.session.locale)

    def _said(self, step: Any) -> str:
        """The turn's title and situation, as HTML."""
        s = self.session
        parts = []
        if step.title is not None:
            parts.append(f"<div><b>{html.escape(s.text(step.title))}</b></div>")
        if step.situation is not None:
            parts.append(f"<div><i>{html.escape(s.text(step.situation))}</i></div>")
        return "".join(parts)


def broken_counts(session: Session) -> tuple[int, list[tuple[str, int]]]:
    """How many cases the session's learner finished, and the principles they broke.

    Returns
    -------
    tuple
        The number of finished case attempts, and each principle id with how
        often it was broken, most often first.
    """
    docs = {ex.exercise_id(d): d for d in session.lib.field_cases}
    missed = []
    for a in session.store.attempts(session.learner_id, module=MODULE):
        doc = docs.get(a.exercise_id)
        if doc is not None:
            missed.append(ex.attempt_missed(session.lib, doc, a.answer, a.feedback))
    return len(missed), skipped_summary(missed)


class BrokenPrinciplesView(SkippedStepsView):
    """The principles this learner broke most often, over every case they finished.

    Redrawn after every attempt at a case, and when the language or the
    learner changes.
    """

    def _attempt(self, attempt: Attempt) -> None:
        if attempt.module == MODULE:
            self.refresh()

    def refresh(self) -> None:
        """Reread the learner's case attempts and redraw the list."""
        s = self.session
        n, self.summary = broken_counts(s)
        self.title.value = f"<b>{html.escape(s.ui('ui.broken_title'))}</b>"
        if n == 0:
            self.body.value = f"<p>{html.escape(s.ui('ui.broken_none'))}</p>"
            return
        if not self.summary:
            self.body.value = f"<p>{html.escape(s.ui('ui.broken_all_good', n=n))}</p>"
            return
        rows = "".join(
            "<li>"
            + html.escape(
                s.ui("ui.broken_row", name=s.text(ex.principle_name(s.lib, pid)), n=count)
            )
            + "</li>"
            for pid, count in self.summary
        )
        self.body.value = (
            f"<ol>{rows}</ol><small>{html.escape(s.ui('ui.broken_from', n=n))}</small>"
        )
