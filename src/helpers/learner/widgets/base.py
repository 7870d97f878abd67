"""The pieces every exercise widget shares: feedback and saving (the session is :mod:`helpers.ui`).

An exercise view wires ipywidgets controls to a pure grading function from
:mod:`helpers.learner.exercises`: the learner sets the controls and presses the
check button; the view grades the answer, shows the feedback and stores the
attempt (and its review card) at once, so nothing is lost on a restart. An
answer with nothing in it is neither graded nor stored: the view says so.
Views never call ``display`` or ``input``: a notebook shows ``view.widget``.
"""

from __future__ import annotations

import html
import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import ipywidgets as w

from helpers.i18n import t
from helpers.learner import review
from helpers.learner.exercises.result import Result, empty_answer
from helpers.playbook.models import Locale, Text
from helpers.store import Attempt
from helpers.ui import (
    LEARNER_ID_MAX,
    Session,
    check_learner_id,
    kit_style,
    relabel_options,
    styled,
)

log = logging.getLogger(__name__)

__all__ = [
    "LEARNER_ID_MAX",
    "ExerciseView",
    "Session",
    "check_boxes",
    "check_learner_id",
    "doc_items",
    "feedback_html",
    "find_item",
    "has_content",
    "kit_style",
    "relabel_options",
    "styled",
    "text_html",
]

OK_COLOUR = "#1b7f3b"
WRONG_COLOUR = "#b3261e"
"""Feedback colours: both read at more than 4.5:1 on white."""


def doc_items(session: Session, kind: str, items: str) -> list[tuple[Any, Any]]:
    """Each item of the list ``items`` of every document of ``kind``, with its document."""
    return [(doc, item) for doc in session.lib.of_kind(kind) for item in getattr(doc, items)]


def find_item(session: Session, kind: str, item_id: str, items: str) -> tuple[Any, Any]:
    """The document of ``kind`` holding ``item_id`` in its list ``items``, and the item.

    Raises
    ------
    KeyError
        When no document of ``kind`` holds ``item_id``.
    """
    for doc, item in doc_items(session, kind, items):
        if item.id == item_id:
            return doc, item
    raise KeyError(item_id)


def text_html(text: str, tag: str = "") -> str:
    """``text`` escaped for HTML, inside ``<tag>`` when a tag is given."""
    escaped = html.escape(text)
    return f"<{tag}>{escaped}</{tag}>" if tag else escaped


def check_boxes(ids: Iterable[str]) -> dict[str, w.Checkbox]:
    """One unticked box per id, keyed by the id, in the order given."""
    return {i: styled(w.Checkbox(value=False, indent=False), "check") for i in ids}


def _points(value: float) -> str:
    return f"+{value:g}" if value > 0 else f"−{-value:g}"


def feedback_html(result: Result, locale: Locale) -> str:
    """Render a result as HTML: the score, how it is made, then each line marked right or wrong.

    A line that earned or lost points ends with them, e.g. "(points: +1)", so
    the points shown add up to the score.
    """
    head = t("ui.score", locale, score=f"{result.score:g}", max=f"{result.max_score:g}")
    rule = (
        f'<div class="coachkit-rule"><small>{html.escape(result.rule.get(locale))}</small></div>'
        if result.rule is not None
        else ""
    )
    rows = []
    for item in result.items:
        mark, colour = ("✔", OK_COLOUR) if item.ok else ("✘", WRONG_COLOUR)
        text = html.escape(item.text.get(locale))
        if item.points:
            text += " " + html.escape(t("fb.points", locale, points=_points(item.points)))
        mark_html = f'<span aria-hidden="true">{mark}</span>'
        rows.append(f'<li style="color:{colour}">{mark_html} {text}</li>')
    return (
        f'<div class="coachkit-feedback" role="status"><b>{html.escape(head)}</b>{rule}'
        f'<ul style="list-style:none;padding-left:0;margin:0.3em 0">{"".join(rows)}</ul></div>'
    )


def has_content(answer: Any) -> bool:
    """Whether an answer holds anything: text other than spaces, a choice, a filled part.

    None, blank text and containers whose every value is empty hold nothing.
    """
    if answer is None:
        return False
    if isinstance(answer, str):
        return bool(answer.strip())
    if isinstance(answer, Mapping):
        return any(has_content(v) for v in answer.values())
    if isinstance(answer, list | tuple | set | frozenset):
        return any(has_content(v) for v in answer)
    return True


class ExerciseView:
    """Base of the exercise widgets.

    Subclasses build their controls in ``build``, relabel them in ``relabel``,
    read them in ``answer`` and grade with ``grade``; ``is_empty`` says when an
    answer holds nothing to grade. ``widget`` is the box to show; ``check`` is
    the button; ``feedback`` shows the result.
    """

    module: str = ""
    doc_kind: str = ""

    def __init__(self, session: Session, doc_id: str, title: Text | None = None) -> None:
        self.session = session
        self.doc_id = doc_id
        self.title_text = title
        self.title = styled(w.HTML(), "text")
        self.check = styled(w.Button(button_style="primary"), "button")
        self.feedback = styled(w.HTML(), "text")
        self.last_result: Result | None = None
        self.empty_shown = False
        self.save_error = False
        self.controls: list[w.Widget] = self.build()
        self.check.on_click(lambda _b: self.submit())
        self.widget = styled(
            w.VBox([self.title, *self.controls, self.check, self.feedback]), "view", "exercise"
        )
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

    def is_empty(self, answer: Any) -> bool:
        """Whether ``answer`` holds nothing to grade (by default: see :func:`has_content`)."""
        return not has_content(answer)

    def grade(self, answer: Any) -> Result:
        """Grade ``answer`` with the pure grading function."""
        raise NotImplementedError

    def content_version(self) -> str:
        """Version of the content this exercise was built from."""
        return self.session.lib.version_of(self.doc_kind, self.doc_id)

    def render(self, result: Result) -> str:
        """The feedback of ``result`` as HTML in the session's language."""
        return feedback_html(result, self.session.locale)

    # -- shared behaviour
    def _relabel_all(self) -> None:
        s = self.session
        title = s.text(self.title_text) if self.title_text is not None else ""
        self.title.value = f"<h4>{html.escape(title)}</h4>" if title else ""
        self.check.description = s.ui("ui.check")
        self.relabel()
        self._show_feedback()

    def submit(self) -> Result:
        """Grade the current answer, show the feedback and store the attempt.

        An empty answer (see :meth:`is_empty`) is not graded or stored: the
        feedback says there is no answer yet, and the result returned is the
        empty one (no points), which nothing keeps.
        """
        answer = self.answer()
        if self.is_empty(answer):
            self.last_result = None
            self.save_error = False
            self.empty_shown = True
            self._show_feedback()
            result = self.grade(answer)
            return empty_answer(result.exercise_id, result.max_score)
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
        self.empty_shown = False
        self.save_error = False
        self.feedback.value = self.render(result)
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

    def clear_feedback(self) -> None:
        """Forget the result shown (e.g. when the exercise starts again)."""
        self.last_result = None
        self.empty_shown = False
        self.save_error = False
        self.feedback.value = ""

    def _show_feedback(self) -> None:
        s = self.session
        if self.empty_shown:
            text = html.escape(s.ui("ui.no_answer"))
            self.feedback.value = (
                f'<div class="coachkit-feedback coachkit-empty" role="status" '
                f'style="color:{WRONG_COLOUR}"><span aria-hidden="true">✘</span> {text}</div>'
            )
            return
        if self.last_result is None:
            return
        out = self.render(self.last_result)
        if self.save_error:
            out += (
                f'<div class="coachkit-save-failed" role="alert" style="color:{WRONG_COLOUR}">'
                f"<b>⚠ {html.escape(s.ui('ui.save_failed'))}</b></div>"
            )
        self.feedback.value = out
