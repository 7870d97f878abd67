"""Quiz widgets: one item with radio buttons or check boxes."""

from __future__ import annotations

import html

import ipywidgets as w

from helpers.learner.exercises.quiz import grade_quiz
from helpers.learner.exercises.result import Result, display_order
from helpers.learner.progress import quiz_module
from helpers.learner.widgets.base import (
    ExerciseView,
    Session,
    check_boxes,
    relabel_options,
    styled,
)


class QuizView(ExerciseView):
    """One quiz item: radio buttons for one answer, tick boxes for several."""

    doc_kind = "quiz"

    def __init__(self, session: Session, item_id: str) -> None:
        self.item = session.lib.quiz_items[item_id]
        self.options = display_order(self.item.options, self.item.id)
        self.module = quiz_module(self.item.topics)
        quiz_id = next(q.id for q in session.lib.quizzes if any(i.id == item_id for i in q.items))
        super().__init__(session, quiz_id)

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        if self.item.type == "single":
            self.choice = styled(w.RadioButtons(value=None), "choices")
            return [self.prompt, self.choice]
        self.boxes = check_boxes(o.id for o in self.options)
        return [self.prompt, *self.boxes.values()]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = f"<b>{html.escape(s.text(self.item.prompt))}</b>"
        if self.item.type == "single":
            relabel_options(self.choice, [(s.text(o.text), o.id) for o in self.options])
        else:
            for o in self.options:
                self.boxes[o.id].description = s.text(o.text)

    def answer(self) -> list[str]:
        if self.item.type == "single":
            return [self.choice.value] if self.choice.value else []
        return [oid for oid, b in self.boxes.items() if b.value]

    def grade(self, answer: list[str]) -> Result:
        return grade_quiz(self.item, answer, self.session.lib, [o.id for o in self.options])
