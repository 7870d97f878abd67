"""Widgets for module 04, objection scenarios: a branching dialogue with buttons."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from helpers.exercises import scenario as ex
from helpers.exercises.result import Feedback, Result, display_order
from helpers.playbook.models import Choice
from helpers.widgets.base import ExerciseView, Session, feedback_html


class ScenarioView(ExerciseView):
    """Play one objection scenario.

    Each choice is a button; pressing it shows that choice's feedback at once,
    naming the method step. When the dialogue ends, the whole path is graded
    and stored as one attempt. "Play again" starts over.
    """

    module = "04_objections"
    doc_kind = "objection_scenario"

    def __init__(self, session: Session, scenario_id: str) -> None:
        self.doc = next(d for d in session.lib.scenarios if d.id == scenario_id)
        self.run = ex.ScenarioRun(session.lib, self.doc)
        self.trail: list[Feedback] = []
        super().__init__(session, scenario_id, self.doc.title)
        self.check.layout.display = "none"  # the choice buttons submit; no check button

    def build(self) -> list[w.Widget]:
        self.persona = w.HTML()
        self.history = w.HTML()
        self.customer = w.HTML()
        self.buttons = w.VBox()
        self.replay = w.Button()
        self.replay.on_click(lambda _b: self.restart())
        return [self.persona, self.history, self.customer, self.buttons, self.replay]

    def relabel(self) -> None:
        s = self.session
        p = self.doc.persona
        self.persona.value = (
            f"<b>{html.escape(s.text(p.name))}</b>, {html.escape(s.text(p.role))}, "
            f"{html.escape(s.text(p.company))}<br><small>{html.escape(s.text(p.background))}"
            "</small>"
        )
        self.replay.description = s.ui("ui.replay")
        self._draw()

    def _draw(self) -> None:
        s = self.session
        lines = [
            f'<li style="color:{"#1b7f3b" if f.ok else "#b3261e"}">'
            f"{'✔' if f.ok else '✘'} {html.escape(f.text.get(s.locale))}</li>"
            for f in self.trail
        ]
        self.history.value = f'<ul style="list-style:none;padding-left:0">{"".join(lines)}</ul>'
        step = self.run.current
        said = [s.text(x) for x in (step.situation, step.customer) if x is not None]
        self.customer.value = "<br>".join(
            s.ui("ui.customer_says", line=html.escape(t))
            if i == len(said) - 1 and step.customer is not None
            else f"<i>{html.escape(t)}</i>"
            for i, t in enumerate(said)
        )
        buttons = []
        for choice in self.shown_choices():
            b = w.Button(
                description=s.text(choice.text), layout=w.Layout(width="auto", height="auto")
            )
            b.tooltip = s.text(choice.text)
            b.on_click(lambda _b, cid=choice.id: self.pick(cid))
            buttons.append(b)
        self.buttons.children = buttons
        if self.run.finished and self.last_result is not None:
            self.feedback.value = feedback_html(self.last_result, s.locale)

    def shown_choices(self) -> list[Choice]:
        """The current step's choices in the order shown (fixed, but not the file's order)."""
        step = self.run.current
        return display_order(step.choices, f"{self.doc.id}.{step.id}")

    def choice_buttons(self) -> dict[str, w.Button]:
        """The buttons now on screen, by choice id (for tests and automation)."""
        ids = [c.id for c in self.shown_choices()]
        return dict(zip(ids, self.buttons.children, strict=True))

    def pick(self, choice_id: str) -> Feedback:
        """Take a choice; when that ends the dialogue, grade and store the path."""
        fb = self.run.choose(choice_id)
        self.trail.append(fb)
        if self.run.finished:
            result = self.run.result()
            self.show(result, [cid for _, cid in self.run.path])
        self._draw()
        return fb

    def restart(self) -> None:
        """Start the dialogue again."""
        self.run.replay()
        self.trail.clear()
        self.last_result = None
        self.feedback.value = ""
        self._draw()

    def answer(self) -> Any:
        return [cid for _, cid in self.run.path]

    def grade(self, answer: list[str]) -> Result:
        return ex.play(self.session.lib, self.doc, answer)
