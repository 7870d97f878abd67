"""Widgets for module 03, the FFAB pitch."""

from __future__ import annotations

import html
import string
from typing import Any

import ipywidgets as w

from helpers.learner.exercises import ffab as ex
from helpers.learner.exercises.result import Result, display_order
from helpers.learner.widgets.base import (
    ExerciseView,
    Session,
    check_boxes,
    relabel_options,
    styled,
)
from helpers.playbook.models import Need, ProductDoc

GIVEN = ("feature",)
"""The slot the assembling exercise shows rather than asks for."""


def needs_order(product: ProductDoc) -> list[Need]:
    """The product's needs in the order every exercise shows them: a fixed shuffle
    that is never the customer's order of priority, so it gives no rank away."""
    shown = display_order(product.needs, f"needs:{product.id}")
    by_priority = sorted(product.needs, key=lambda n: n.priority)
    if len(shown) > 1 and [n.priority for n in shown] == [n.priority for n in by_priority]:
        shown = [*shown[1:], shown[0]]
    return shown


class _ProductView(ExerciseView):
    module = "03_ffab"
    doc_kind = "product"

    def __init__(self, session: Session, product_id: str) -> None:
        self.product = next(p for p in session.lib.products if p.id == product_id)
        self.needs = needs_order(self.product)
        super().__init__(session, product_id, self.product.name)


class AssembleView(_ProductView):
    """Assemble one chain: pick its function, advantage and benefit (the feature is given).

    Each slot lists every chain's line for it in full, as radio buttons.
    """

    def __init__(self, session: Session, product_id: str, chain_id: str, seed: int = 0) -> None:
        self.chain_id = chain_id
        self.seed = seed
        super().__init__(session, product_id)

    def build(self) -> list[w.Widget]:
        self.options = ex.assembly_options(self.product, self.seed)
        self.prompt = styled(w.HTML(), "text")
        self.slots = {
            s: styled(w.RadioButtons(value=None), "choices") for s in ex.SLOTS if s not in GIVEN
        }
        return [self.prompt, *self.slots.values()]

    def relabel(self) -> None:
        s = self.session
        chain = ex.chain_by_id(self.product, self.chain_id)
        prompt = s.ui("ui.assemble", feature=s.text(chain.feature))
        self.prompt.value = f"<b>{html.escape(prompt)}</b>"
        for slot, control in self.slots.items():
            control.description = s.text(ex.slot_name(s.lib, slot))
            relabel_options(control, [(s.text(t), c) for c, t in self.options[slot]])

    def answer(self) -> dict[str, str]:
        """Only the slots the learner picked: the feature is given, not answered."""
        return {slot: c.value for slot, c in self.slots.items() if c.value}

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.assemble(self.session.lib, self.product, self.chain_id, answer, given=GIVEN)


class TieNeedsView(_ProductView):
    """Tie each benefit to the customer's need it answers.

    The needs are listed once, lettered A, B, C…; each benefit has a row of
    letter buttons (each button's tooltip is its need).
    """

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        self.letters = dict(zip((n.id for n in self.needs), string.ascii_uppercase, strict=False))
        self.rows = {
            c.id: (styled(w.HTML(), "text"), styled(w.ToggleButtons(value=None), "toggles"))
            for c in self.product.chains
        }
        return [self.prompt, *[styled(w.VBox(list(r)), "row") for r in self.rows.values()]]

    def relabel(self) -> None:
        s = self.session
        needs = "".join(
            f"<li><b>{self.letters[n.id]}</b>. {html.escape(s.text(n.text))}</li>"
            for n in self.needs
        )
        self.prompt.value = (
            f"<b>{html.escape(s.ui('ui.tie_needs'))}</b>"
            f'<ul style="list-style:none;padding-left:0.5em">{needs}</ul>'
        )
        opts = [(self.letters[n.id], n.id) for n in self.needs]
        tips = [
            s.ui("ui.ka_labelled", label=self.letters[n.id], text=s.text(n.text))
            for n in self.needs
        ]
        for c in self.product.chains:
            label, control = self.rows[c.id]
            label.value = f"<i>{html.escape(s.text(c.benefit))}</i>"
            control.description = s.ui("ui.need_letter")
            relabel_options(control, opts)
            control.tooltips = tips

    def answer(self) -> dict[str, str]:
        return {cid: dd.value for cid, (_, dd) in self.rows.items() if dd.value}

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.tie_needs(self.product, answer)


class DistractorView(_ProductView):
    """Tick the distractors among the benefits."""

    def build(self) -> list[w.Widget]:
        self.options = ex.distractor_options(self.product)
        self.prompt = styled(w.HTML(), "text")
        self.boxes = check_boxes(oid for oid, _ in self.options)
        return [self.prompt, *self.boxes.values()]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = f"<b>{html.escape(s.ui('ui.spot'))}</b>"
        for oid, text in self.options:
            self.boxes[oid].description = s.text(text)

    def answer(self) -> list[str]:
        return [oid for oid, box in self.boxes.items() if box.value]

    def grade(self, answer: list[str]) -> Result:
        return ex.spot_distractors(self.product, answer, [oid for oid, _ in self.options])


class RankNeedsView(_ProductView):
    """Rank the customer's needs before pitching.

    Each need is shown in full with a drop-down of ranks (0 for none yet);
    giving a need a rank another one holds takes it from that one, so each
    rank is used once.
    """

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        self.ranks = {
            n.id: styled(w.Dropdown(options=[("", 0)], value=0), "select", "short")
            for n in self.needs
        }
        for nid, control in self.ranks.items():
            control.observe(lambda change, nid=nid: self._ranked(nid, change), names="value")
        return [self.prompt, *self.ranks.values()]

    def _ranked(self, nid: str, change: dict[str, Any]) -> None:
        rank = change["new"]
        if not rank:
            return
        for other, control in self.ranks.items():
            if other != nid and control.value == rank:
                control.value = 0

    def relabel(self) -> None:
        s = self.session
        customer = html.escape(s.text(self.product.customer))
        self.prompt.value = f"{customer}<br><b>{html.escape(s.ui('ui.rank_needs'))}</b>"
        opts = [(s.ui("ui.choose"), 0)]
        opts += [(s.ui("ui.rank", n=i), i) for i in range(1, len(self.product.needs) + 1)]
        by_id = {n.id: n for n in self.product.needs}
        for nid, control in self.ranks.items():
            control.description = s.text(by_id[nid].text)
            relabel_options(control, opts)

    def rank(self, order: list[str]) -> None:
        """Give the needs ``order`` ranks 1, 2, … in that order (and no rank to the rest)."""
        for control in self.ranks.values():
            control.value = 0
        for i, nid in enumerate(order, start=1):
            self.ranks[nid].value = i

    def answer(self) -> list[str]:
        """The need at each rank, "" for a rank left empty (none after the last)."""
        by_rank = {c.value: nid for nid, c in self.ranks.items() if c.value}
        top = max(by_rank, default=0)
        return [by_rank.get(i, "") for i in range(1, top + 1)]

    def grade(self, answer: list[str]) -> Result:
        return ex.rank_needs(self.product, answer, self.session.lib)


class OwnChainView(_ProductView):
    """Write your own chain in four fields and name the need it answers."""

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        self.fields = {s: styled(w.Textarea(rows=2), "field") for s in ex.SLOTS}
        self.need = styled(w.RadioButtons(value=None), "choices")
        return [self.prompt, *self.fields.values(), self.need]

    def relabel(self) -> None:
        s = self.session
        customer = html.escape(s.text(self.product.customer))
        self.prompt.value = f"{customer}<br><b>{html.escape(s.ui('ui.own_chain'))}</b>"
        for slot, area in self.fields.items():
            area.description = s.text(ex.slot_name(s.lib, slot))
        self.need.description = s.ui("ui.need")
        relabel_options(self.need, [(s.text(n.text), n.id) for n in self.needs])

    def answer(self) -> dict[str, str]:
        out = {slot: area.value for slot, area in self.fields.items()}
        out["need"] = self.need.value or ""
        return out

    def is_empty(self, answer: dict[str, str]) -> bool:
        """Empty until one of the four parts is written (a need alone is no chain)."""
        return not any((answer.get(slot) or "").strip() for slot in ex.SLOTS)

    def grade(self, answer: dict[str, str]) -> Result:
        return ex.own_chain(self.session.lib, self.product, answer)
