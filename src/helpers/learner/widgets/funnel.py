"""Widgets for module 02, question funnels."""

from __future__ import annotations

import html
import random
from typing import Any

import ipywidgets as w

from helpers import __version__
from helpers.learner.charts import figure_png, funnel_chart
from helpers.learner.exercises import funnel as ex
from helpers.learner.exercises.result import Result, display_order
from helpers.learner.widgets.base import ExerciseView, Session, relabel_options, styled

TYPES = ("expanding", "limiting", "closed")


def classify_sample(bank_questions: list[Any], n: int = 8, seed: int = 0) -> list[Any]:
    """The questions the classifying exercise shows: ``n`` of the bank, in a fixed shuffle."""
    qs = list(bank_questions)
    random.Random(seed).shuffle(qs)
    return qs[:n]


class ClassifyView(ExerciseView):
    """Label questions of a bank as expanding, limiting or closed."""

    module = "02_question_funnel"
    doc_kind = "question_bank"

    def __init__(self, session: Session, bank_id: str, n: int = 8, seed: int = 0) -> None:
        self.bank = next(b for b in session.lib.question_banks if b.id == bank_id)
        self.questions = classify_sample(self.bank.questions, n, seed)
        super().__init__(session, bank_id, self.bank.name)

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        self.rows = {
            q.id: (styled(w.HTML(), "text"), styled(w.ToggleButtons(value=None), "toggles"))
            for q in self.questions
        }
        return [self.prompt, *[styled(w.VBox(list(r)), "row") for r in self.rows.values()]]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = html.escape(s.ui("ui.classify"))
        options = [(s.text(ex.type_name(s.lib, t)), t) for t in TYPES]
        for q in self.questions:
            label, toggle = self.rows[q.id]
            label.value = f"<i>{html.escape(s.text(q.text))}</i>"
            relabel_options(toggle, options)

    def answer(self) -> dict[str, str]:
        return {qid: tb.value for qid, (_, tb) in self.rows.items() if tb.value}

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.classify(self.session.lib, self.bank, answer, [q.id for q in self.questions])


class FunnelView(ExerciseView):
    """Pick questions from a bank and give each a place in a funnel.

    Every question of the bank is listed in full with a drop-down of places
    (0 for "not used", 1 to ``slots``); giving a question a place another one
    holds takes it from that one. After each check the learner's own funnel
    is drawn below the feedback (the questions they placed, in order), and
    redrawn in the other language when the language changes.
    """

    module = "02_question_funnel"
    doc_kind = "question_bank"

    def __init__(self, session: Session, bank_id: str, slots: int = 5) -> None:
        self.bank = next(b for b in session.lib.question_banks if b.id == bank_id)
        self.n = slots
        self.drawn: list[str] = []
        self.chart = styled(w.Image(format="png", layout=w.Layout(display="none")), "image", "wide")
        self.chart_narrow = styled(
            w.Image(format="png", layout=w.Layout(display="none")), "image", "narrow"
        )
        super().__init__(session, bank_id, self.bank.name)
        self.widget.children = (*self.widget.children, self.chart, self.chart_narrow)

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        # a fixed shuffle, so the list does not run in the funnel's order
        listed = display_order(self.bank.questions, f"funnel:{self.bank.id}")
        self.places = {
            q.id: styled(w.Dropdown(options=[("", 0)], value=0), "select", "short") for q in listed
        }
        for qid, control in self.places.items():
            control.observe(lambda change, qid=qid: self._placed(qid, change), names="value")
        return [self.prompt, *self.places.values()]

    def _placed(self, qid: str, change: dict[str, Any]) -> None:
        """One question per place: the place chosen is taken from any other question."""
        place = change["new"]
        if not place:
            return
        for other, control in self.places.items():
            if other != qid and control.value == place:
                control.value = 0

    def relabel(self) -> None:
        s = self.session
        customer = html.escape(s.text(self.bank.scenario.customer))
        prompt = html.escape(s.ui("ui.build_funnel", n=self.n))
        self.prompt.value = f"{customer}<br><b>{prompt}</b>"
        options = [(s.ui("ui.not_used"), 0)]
        options += [(s.ui("ui.place", n=i), i) for i in range(1, self.n + 1)]
        by_id = {q.id: q for q in self.bank.questions}
        for qid, control in self.places.items():
            control.description = s.text(by_id[qid].text)
            relabel_options(control, options)
        self._draw_own()

    def place(self, picked: list[str]) -> None:
        """Give the questions ``picked`` places 1, 2, … in that order (and no place to the rest)."""
        for control in self.places.values():
            control.value = 0
        for i, qid in enumerate(picked, start=1):
            self.places[qid].value = i

    def answer(self) -> list[str]:
        placed = [(c.value, qid) for qid, c in self.places.items() if c.value]
        return [qid for _, qid in sorted(placed)]

    def grade(self, answer: list[str]) -> Result:
        return ex.build_funnel(self.session.lib, self.bank, answer)

    def submit(self) -> Result:
        """Grade, show the feedback and store the attempt, then draw the learner's funnel."""
        result = super().submit()
        by_id = {q.id: q for q in self.bank.questions}
        self.drawn = [q for q in dict.fromkeys(self.answer()) if q in by_id]
        self._draw_own()
        return result

    def _draw_own(self) -> None:
        """Draw the learner's funnel twice: for wide screens (``chart``) and phones."""
        for image, narrow in ((self.chart, False), (self.chart_narrow, True)):
            if not self.drawn:
                image.layout.display = "none"
                image.value = b""
                continue
            by_id = {q.id: q for q in self.bank.questions}
            qs = [by_id[q] for q in self.drawn]
            fig = funnel_chart(qs, self.session.locale, own=True, narrow=narrow)
            image.value = figure_png(fig, dpi=80)
            image.layout.display = None


class OwnQuestionView(ExerciseView):
    """Choose a customer, write your own question for them and have it classified."""

    module = "02_question_funnel"

    def __init__(self, session: Session) -> None:
        self.banks = list(session.lib.question_banks)
        super().__init__(session, "own_question")

    def build(self) -> list[w.Widget]:
        self.customer = styled(w.RadioButtons(value=None), "choices")
        self.customer.observe(lambda _c: self._describe(), names="value")
        self.about = styled(w.HTML(), "text")
        self.text = styled(w.Text(continuous_update=False), "field")
        return [self.customer, self.about, self.text]

    def relabel(self) -> None:
        s = self.session
        self.customer.description = s.ui("ui.own_question_customer")
        relabel_options(self.customer, [(s.text(b.name), b.id) for b in self.banks])
        if self.customer.value is None and self.banks:
            self.customer.value = self.banks[0].id
        self.text.description = s.ui("ui.own_question")
        self.text.placeholder = s.ui("ui.own_question_placeholder")
        self._describe()

    def _describe(self) -> None:
        bank = next((b for b in self.banks if b.id == self.customer.value), None)
        self.about.value = (
            f"<i>{html.escape(self.session.text(bank.scenario.customer))}</i>" if bank else ""
        )

    def content_version(self) -> str:
        # graded by the classifier's rules, which ship with the package
        return f"rules-{__version__}"

    def answer(self) -> dict[str, str]:
        """The question written and the question bank of the customer it is for."""
        return {"customer": self.customer.value or "", "question": self.text.value}

    def is_empty(self, answer: dict[str, str]) -> bool:
        return not answer["question"].strip()

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.own_question(self.session.lib, answer["question"])
