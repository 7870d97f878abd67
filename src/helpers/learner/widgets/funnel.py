"""Widgets for module 02, question funnels."""

from __future__ import annotations

import random

import ipywidgets as w

from helpers import __version__
from helpers.learner.charts import figure_png, funnel_chart
from helpers.learner.exercises import funnel as ex
from helpers.learner.exercises.result import Result
from helpers.learner.widgets.base import ExerciseView, Session, relabel_options

TYPES = ("expanding", "limiting", "closed")


class ClassifyView(ExerciseView):
    """Label questions of a bank as expanding, limiting or closed."""

    module = "02_question_funnel"
    doc_kind = "question_bank"

    def __init__(self, session: Session, bank_id: str, n: int = 8, seed: int = 0) -> None:
        self.bank = next(b for b in session.lib.question_banks if b.id == bank_id)
        qs = list(self.bank.questions)
        random.Random(seed).shuffle(qs)
        self.questions = qs[:n]
        super().__init__(session, bank_id, self.bank.name)

    def build(self) -> list[w.Widget]:
        self.prompt = w.HTML()
        self.rows = {q.id: (w.HTML(), w.ToggleButtons(value=None)) for q in self.questions}
        return [self.prompt, *[w.VBox(list(r)) for r in self.rows.values()]]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = s.ui("ui.classify")
        options = [(s.text(ex.type_name(s.lib, t)), t) for t in TYPES]
        for q in self.questions:
            label, toggle = self.rows[q.id]
            label.value = f"<i>{s.text(q.text)}</i>"
            relabel_options(toggle, options)

    def answer(self) -> dict[str, str]:
        return {qid: tb.value for qid, (_, tb) in self.rows.items() if tb.value}

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.classify(self.session.lib, self.bank, answer, [q.id for q in self.questions])


class FunnelView(ExerciseView):
    """Pick questions from a bank and order them into a funnel.

    After each check the learner's own funnel is drawn below the feedback
    (the questions they picked, in their order), and redrawn in the other
    language when the language changes.
    """

    module = "02_question_funnel"
    doc_kind = "question_bank"

    def __init__(self, session: Session, bank_id: str, slots: int = 5) -> None:
        self.bank = next(b for b in session.lib.question_banks if b.id == bank_id)
        self.n = slots
        self.drawn: list[str] = []
        self.chart = w.Image(format="png", layout=w.Layout(display="none"))
        super().__init__(session, bank_id, self.bank.name)
        self.widget.children = (*self.widget.children, self.chart)

    def build(self) -> list[w.Widget]:
        self.prompt = w.HTML()
        self.slots = [w.Dropdown(value=None, layout=w.Layout(width="95%")) for _ in range(self.n)]
        return [self.prompt, *self.slots]

    def relabel(self) -> None:
        s = self.session
        customer = s.text(self.bank.scenario.customer)
        self.prompt.value = f"{customer}<br>{s.ui('ui.build_funnel', n=self.n)}"
        options = [(s.ui("ui.choose"), None)]
        options += sorted((s.text(q.text), q.id) for q in self.bank.questions)
        for i, slot in enumerate(self.slots, start=1):
            slot.description = s.ui("ui.question_n", n=i)
            relabel_options(slot, options)
        self._draw_own()

    def answer(self) -> list[str]:
        return [slot.value for slot in self.slots if slot.value]

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
        if not self.drawn:
            self.chart.layout.display = "none"
            self.chart.value = b""
            return
        by_id = {q.id: q for q in self.bank.questions}
        fig = funnel_chart([by_id[q] for q in self.drawn], self.session.locale, own=True)
        self.chart.value = figure_png(fig, dpi=80)
        self.chart.layout.display = None


class OwnQuestionView(ExerciseView):
    """Write your own question and have it classified."""

    module = "02_question_funnel"

    def __init__(self, session: Session) -> None:
        super().__init__(session, "own_question")

    def build(self) -> list[w.Widget]:
        self.prompt = w.HTML()
        self.text = w.Text(layout=w.Layout(width="95%"), continuous_update=False)
        return [self.prompt, self.text]

    def relabel(self) -> None:
        self.prompt.value = self.session.ui("ui.own_question")
        self.text.placeholder = self.session.ui("ui.own_question_placeholder")

    def content_version(self) -> str:
        # graded by the classifier's rules, which ship with the package
        return f"rules-{__version__}"

    def answer(self) -> str:
        return self.text.value

    def grade(self, answer: str) -> Result:
        return ex.own_question(self.session.lib, answer)
