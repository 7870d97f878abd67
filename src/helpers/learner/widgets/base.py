"""The pieces every exercise widget shares: feedback and saving (the session is :mod:`helpers.ui`).

An exercise view wires ipywidgets controls to a pure grading function from
:mod:`helpers.learner.exercises`: the learner sets the controls and presses the
check button; the view grades the answer, shows the feedback and stores the
attempt (and its review card) at once, so nothing is lost on a restart.
Views never call ``display`` or ``input``: a notebook shows ``view.widget``.
"""

from __future__ import annotations

import html
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import ipywidgets as w

from helpers.i18n import t
from helpers.learner import review
from helpers.learner.exercises.result import Result
from helpers.playbook.models import Locale, Text
from helpers.store import Attempt
from helpers.ui import LEARNER_ID_MAX, Session, check_learner_id, relabel_options

log = logging.getLogger(__name__)

__all__ = [
    "LEARNER_ID_MAX",
    "ExerciseView",
    "Session",
    "check_learner_id",
    "feedback_html",
    "relabel_options",
]


def feedback_html(result: Result, locale: Locale) -> str:
    """Render a result as an HTML list: score first, then each line marked right or wrong."""
    head = t("ui.score", locale, score=f"{result.score:g}", max=f"{result.max_score:g}")
    rows = []
    for ok, text in result.lines(locale):
        mark, colour = ("✔", "#1b7f3b") if ok else ("✘", "#b3261e")
        rows.append(
            f'<li style="color:{colour}"><span aria-hidden="true">{mark}</span> '
            f"{html.escape(text)}</li>"
        )
    return (
        f'<div class="coachkit-feedback"><b>{html.escape(head)}</b>'
        f'<ul style="list-style:none;padding-left:0">{"".join(rows)}</ul></div>'
    )


class ExerciseView:
    """Base of the exercise widgets.

    Subclasses build their controls in ``build``, relabel them in ``relabel``,
    read them in ``answer`` and grade with ``grade``. ``widget`` is the box to
    show; ``check`` is the button; ``feedback`` shows the result.
    """

    module: str = ""
    doc_kind: str = ""

    def __init__(self, session: Session, doc_id: str, title: Text | None = None) -> None:
        self.session = session
        self.doc_id = doc_id
        self.title_text = title
        self.title = w.HTML()
        self.check = w.Button(button_style="primary")
        self.feedback = w.HTML()
        self.last_result: Result | None = None
        self.save_error = False
        self.controls: list[w.Widget] = self.build()
        self.check.on_click(lambda _b: self.submit())
        self.widget = w.VBox([self.title, *self.controls, self.check, self.feedback])
        self._relabel_all()
        session.on_locale(self._relabel_all)

    # -- for subclasses
    def build(self) -> list[w.Widget]:
        """Create the controls."""
        raise NotImplementedError

    def relabel(self) -> None:
        """Set the controls' labels in the session's language."""

    def answer(self) -> Any:
        """Read the learner's answer from the controls (JSON-serialisable)."""
        raise NotImplementedError

    def grade(self, answer: Any) -> Result:
        """Grade ``answer`` with the pure grading function."""
        raise NotImplementedError

    def content_version(self) -> str:
        """Version of the content this exercise was built from."""
        return self.session.lib.version_of(self.doc_kind, self.doc_id)

    # -- shared behaviour
    def _relabel_all(self) -> None:
        s = self.session
        title = s.text(self.title_text) if self.title_text is not None else ""
        self.title.value = f"<h4>{html.escape(title)}</h4>" if title else ""
        self.check.description = s.ui("ui.check")
        self.relabel()
        self._show_feedback()

    def submit(self) -> Result:
        """Grade the current answer, show the feedback and store the attempt."""
        answer = self.answer()
        result = self.grade(answer)
        self.show(result, answer)
        return result

    def show(self, result: Result, answer: Any) -> None:
        """Show ``result`` and store it as an attempt with its review card.

        If the store cannot be written, the feedback still shows, followed by a
        message telling the learner the answer was not saved (and the error is
        logged for whoever runs the kit).
        """
        s = self.session
        self.last_result = result
        self.save_error = False
        self.feedback.value = feedback_html(result, s.locale)
        try:
            attempt = Attempt(
                id=uuid.uuid4().hex,
                learner_id=s.learner_id,
                module=self.module,
                exercise_id=result.exercise_id,
                content_version=self.content_version(),
                answer=answer,
                score=result.score,
                max_score=result.max_score,
                feedback=result.feedback_json(),
                locale=s.locale,
                created_at=datetime.now(UTC),
            )
            s.store.record_attempt(attempt)
            review.record_review(s.store, s.learner_id, self.module, result)
        except Exception:  # any failure to save must reach the learner, not vanish
            log.exception("could not store the attempt at %s", result.exercise_id)
            self.save_error = True
            self._show_feedback()
            return
        s.attempt_stored(attempt)

    def _show_feedback(self) -> None:
        s = self.session
        if self.last_result is None:
            return
        out = feedback_html(self.last_result, s.locale)
        if self.save_error:
            out += (
                '<div class="coachkit-save-failed" role="alert" style="color:#b3261e">'
                f"<b>⚠ {html.escape(s.ui('ui.save_failed'))}</b></div>"
            )
        self.feedback.value = out
