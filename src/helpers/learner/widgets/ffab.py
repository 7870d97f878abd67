"""Widgets for module 03, the FFAB pitch."""

from __future__ import annotations

import ipywidgets as w

from helpers.learner.exercises import ffab as ex
from helpers.learner.exercises.result import Result
from helpers.learner.widgets.base import ExerciseView, Session, relabel_options

WIDE = w.Layout(width="95%")
GIVEN = ("feature",)
"""The slot the assembling exercise shows rather than asks for."""


class _ProductView(ExerciseView):
    module = "03_ffab"
    doc_kind = "product"

    def __init__(self, session: Session, product_id: str) -> None:
        self.product = next(p for p in session.lib.products if p.id == product_id)
        super().__init__(session, product_id, self.product.name)


class AssembleView(_ProductView):
    """Assemble one chain: pick its function, advantage and benefit (the feature is given)."""

    def __init__(self, session: Session, product_id: str, chain_id: str, seed: int = 0) -> None:
        self.chain_id = chain_id
        self.seed = seed
        super().__init__(session, product_id)

    def build(self) -> list[w.Widget]:
        self.options = ex.assembly_options(self.product, self.seed)
        self.prompt = w.HTML()
        self.slots = {s: w.Dropdown(value=None, layout=WIDE) for s in ex.SLOTS if s not in GIVEN}
        return [self.prompt, *self.slots.values()]

    def relabel(self) -> None:
        s = self.session
        chain = ex.chain_by_id(self.product, self.chain_id)
        self.prompt.value = s.ui("ui.assemble", feature=s.text(chain.feature))
        for slot, control in self.slots.items():
            control.description = s.text(ex.slot_name(s.lib, slot))
            opts = [(s.ui("ui.choose"), None)] + [(s.text(t), c) for c, t in self.options[slot]]
            relabel_options(control, opts)

    def answer(self) -> dict[str, str]:
        """Only the slots the learner picked: the feature is given, not answered."""
        return {slot: c.value for slot, c in self.slots.items() if c.value}

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.assemble(self.session.lib, self.product, self.chain_id, answer, given=GIVEN)


class TieNeedsView(_ProductView):
    """Tie each benefit to the customer's need it answers."""

    def build(self) -> list[w.Widget]:
        self.prompt = w.HTML()
        self.rows = {
            c.id: (w.HTML(), w.Dropdown(value=None, layout=WIDE)) for c in self.product.chains
        }
        return [self.prompt, *[w.VBox(list(r)) for r in self.rows.values()]]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = s.ui("ui.tie_needs")
        opts = [(s.ui("ui.choose"), None)] + [(s.text(n.text), n.id) for n in self.product.needs]
        for c in self.product.chains:
            label, control = self.rows[c.id]
            label.value = f"<i>{s.text(c.benefit)}</i>"
            relabel_options(control, opts)

    def answer(self) -> dict[str, str]:
        return {cid: dd.value for cid, (_, dd) in self.rows.items() if dd.value}

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.tie_needs(self.product, answer)


class DistractorView(_ProductView):
    """Tick the distractors among the benefits."""

    def build(self) -> list[w.Widget]:
        self.options = ex.distractor_options(self.product)
        self.prompt = w.HTML()
        self.boxes = {
            oid: w.Checkbox(value=False, indent=False, style={"description_width": "initial"})
            for oid, _ in self.options
        }
        return [self.prompt, *self.boxes.values()]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = s.ui("ui.spot")
        for oid, text in self.options:
            self.boxes[oid].description = s.text(text)

    def answer(self) -> list[str]:
        return [oid for oid, box in self.boxes.items() if box.value]

    def grade(self, answer: list[str]) -> Result:
        return ex.spot_distractors(self.product, answer)


class RankNeedsView(_ProductView):
    """Rank the customer's needs before pitching."""

    def build(self) -> list[w.Widget]:
        self.prompt = w.HTML()
        self.slots = [w.Dropdown(value=None, layout=WIDE) for _ in self.product.needs]
        return [self.prompt, *self.slots]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = f"{s.text(self.product.customer)}<br>{s.ui('ui.rank_needs')}"
        opts = [(s.ui("ui.choose"), None)]
        opts += sorted((s.text(n.text), n.id) for n in self.product.needs)
        for i, slot in enumerate(self.slots, start=1):
            slot.description = s.ui("ui.rank", n=i)
            relabel_options(slot, opts)

    def answer(self) -> list[str]:
        return [slot.value for slot in self.slots if slot.value]

    def grade(self, answer: list[str]) -> Result:
        return ex.rank_needs(self.product, answer, self.session.lib)


class OwnChainView(_ProductView):
    """Write your own chain in four fields and name the need it answers."""

    def build(self) -> list[w.Widget]:
        self.prompt = w.HTML()
        self.fields = {s: w.Textarea(layout=WIDE, rows=2) for s in ex.SLOTS}
        self.need = w.Dropdown(value=None, layout=WIDE)
        return [self.prompt, *self.fields.values(), self.need]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = f"{s.text(self.product.customer)}<br>{s.ui('ui.own_chain')}"
        for slot, area in self.fields.items():
            area.description = s.text(ex.slot_name(s.lib, slot))
        self.need.description = s.ui("ui.need")
        opts = [(s.ui("ui.choose"), None)] + [(s.text(n.text), n.id) for n in self.product.needs]
        relabel_options(self.need, opts)

    def answer(self) -> dict[str, str]:
        out = {slot: area.value for slot, area in self.fields.items()}
        out["need"] = self.need.value or ""
        return out

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.own_chain(self.session.lib, self.product, answer)
