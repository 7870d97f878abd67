"""Widgets for module 01, the visit flow."""

from __future__ import annotations

import html

import ipywidgets as w

from helpers.learner.exercises import flow as ex
from helpers.learner.exercises.result import Result
from helpers.learner.widgets.base import (
    ExerciseView,
    Session,
    check_boxes,
    relabel_options,
    styled,
)
from helpers.playbook.models import Text


class OrderView(ExerciseView):
    """Put items in order: one drop-down per position, its label beside it."""

    module = "01_visit_flow"

    def __init__(
        self, session: Session, doc_id: str, items: list[tuple[str, Text]], prompt_key: str
    ) -> None:
        self.items = items
        self.prompt_key = prompt_key
        super().__init__(session, doc_id)

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        self.slots = [styled(w.Dropdown(value=None), "select", "inline") for _ in self.items]
        return [self.prompt, *self.slots]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = html.escape(s.ui(self.prompt_key))
        # shown in a fixed, alphabetical order so the list gives nothing away
        options = sorted(((s.text(t), i) for i, t in self.items), key=lambda o: o[0])
        for n, slot in enumerate(self.slots, start=1):
            slot.description = s.ui("ui.step", n=n)
            relabel_options(slot, options)

    def answer(self) -> list[str]:
        """The item at each position, "" where a position is left empty (none after the last)."""
        out = [slot.value or "" for slot in self.slots]
        while out and not out[-1]:
            out.pop()
        return out


class StageOrderView(OrderView):
    """Order the stages of a visit flow."""

    doc_kind = "visit_flow"

    def __init__(self, session: Session, flow_id: str) -> None:
        self.flow = next(f for f in session.lib.flows if f.id == flow_id)
        items = [(s.id, s.name) for s in self.flow.ordered()]
        super().__init__(session, flow_id, items, "ui.order_stages")
        self.title_text = self.flow.name
        self._relabel_all()

    def grade(self, answer: list[str]) -> Result:
        return ex.stage_order(self.flow, answer)


class TermOrderView(OrderView):
    """Order the parts of the opening statement ("opening_") or of the commitment ("commit_")."""

    doc_kind = "methods"

    def __init__(self, session: Session, prefix: str) -> None:
        self.method = session.lib.methods["visit_flow"]
        self.prefix = prefix
        doc_id = next(d.id for d in session.lib.of_kind("methods"))
        items = [(t.id, t.name) for t in self.method.terms if t.id.startswith(prefix)]
        key = "ui.order_opening" if prefix == "opening_" else "ui.order_commit"
        super().__init__(session, doc_id, items, key)

    def grade(self, answer: list[str]) -> Result:
        return ex.term_order(self.method, self.prefix, answer)


class NextStageView(ExerciseView):
    """ "What do you do next?" after one stage of the canonical flow."""

    module = "01_visit_flow"
    doc_kind = "visit_flow"

    def __init__(self, session: Session, stage_id: str) -> None:
        self.flow = session.lib.canonical_flow
        assert self.flow is not None
        self.stage = next(s for s in self.flow.stages if s.id == stage_id)
        super().__init__(session, self.flow.id)

    def build(self) -> list[w.Widget]:
        self.choice = styled(w.RadioButtons(value=None), "choices")
        return [self.choice]

    def relabel(self) -> None:
        s = self.session
        prompt = s.ui("ui.next_after", stage=s.text(self.stage.name))
        self.title.value = f"<b>{html.escape(prompt)}</b>"
        options = [(s.text(st.name), st.id) for st in self.flow.ordered() if st.id != self.stage.id]
        relabel_options(self.choice, sorted(options))

    def answer(self) -> str | None:
        return self.choice.value

    def grade(self, answer: str | None) -> Result:
        return ex.next_stage(self.flow, self.stage.id, answer)


class ChecklistView(ExerciseView):
    """Tick what belongs on a stage's checklist (the pre-visit checklist by default)."""

    module = "01_visit_flow"
    doc_kind = "visit_flow"

    def __init__(self, session: Session, stage_id: str = "prepare", seed: int = 0) -> None:
        flow = next(f for f in session.lib.flows if any(s.id == stage_id for s in f.stages))
        self.stage = next(s for s in flow.stages if s.id == stage_id)
        self.options = ex.checklist_options(self.stage, seed)
        super().__init__(session, flow.id)

    def build(self) -> list[w.Widget]:
        self.boxes = check_boxes(oid for oid, _ in self.options)
        return list(self.boxes.values())

    def relabel(self) -> None:
        s = self.session
        prompt = s.ui("ui.pick_checklist", stage=s.text(self.stage.name))
        self.title.value = f"<b>{html.escape(prompt)}</b>"
        for oid, text in self.options:
            self.boxes[oid].description = s.text(text)

    def answer(self) -> list[str]:
        return [oid for oid, box in self.boxes.items() if box.value]

    def grade(self, answer: list[str]) -> Result:
        return ex.checklist_pick(self.stage, answer, [oid for oid, _ in self.options])
