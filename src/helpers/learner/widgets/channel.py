"""Widgets for module 08, channel and management practice: one view per exercise family."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from helpers.learner.exercises import receivables as rc
from helpers.learner.exercises.invitations import grade_invitation
from helpers.learner.exercises.plan_review import PAID_WHEN, review_plans
from helpers.learner.exercises.product_line import grade_product_line
from helpers.learner.exercises.result import Result, display_order, list_separator
from helpers.learner.exercises.scripts import SELF_REPORTED, check_script
from helpers.learner.widgets.base import (
    ExerciseView,
    Session,
    check_boxes,
    find_item,
    relabel_options,
    styled,
    text_html,
)
from helpers.learner.widgets.key_accounts import MethodOrderView, _labelled
from helpers.playbook.models import (
    InvitationDoc,
    PlanReviewDoc,
    ProductLineDoc,
    ReceivablesDoc,
    ScriptPracticeDoc,
)

MODULE = "08_channel"

SHARES: tuple[int, ...] = (1, 3, 5, 8, 10, 15, 20, 30)
"""The shares (per cent) offered for the assistant."""


class ChannelOrderView(MethodOrderView):
    """Put the stages of a method of module 08 in order (the life cycle, the script routine)."""

    module = MODULE


class ProductLineView(ExerciseView):
    """Put each product of a line in a layer and tick the ones to withdraw.

    ``roles[product id]`` is the product's layer buttons, ``withdraw[product id]`` its box.
    """

    module = MODULE
    doc_kind = "product_line"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "product_line", case_id, "cases")
        self.doc: ProductLineDoc = doc
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.situation = styled(w.HTML(), "text")
        self.labels = {p.id: styled(w.HTML(), "text") for p in self.case.products}
        self.roles = {
            p.id: styled(w.ToggleButtons(options=[], value=None), "toggles")
            for p in self.case.products
        }
        self.withdraw = check_boxes(p.id for p in self.case.products)
        rows = [
            styled(w.VBox([self.labels[p.id], self.roles[p.id], self.withdraw[p.id]]), "row")
            for p in self.case.products
        ]
        return [self.situation, *rows]

    def relabel(self) -> None:
        s = self.session
        self.situation.value = text_html(s.text(self.case.situation))
        terms = s.lib.methods[self.doc.method].terms
        options = [(s.text(t.name), t.id) for t in terms]
        stages = s.lib.terms
        for p in self.case.products:
            facts = s.ui(
                "ui.ch_product_facts",
                price=f"{p.price:g}",
                margin=f"{p.margin_pct:g}",
                competition=s.ui(f"ui.ch_competition.{p.competition}"),
                stage=s.text(stages[p.stage][1].name) if p.stage in stages else p.stage,
            )
            self.labels[p.id].value = _labelled(s, s.text(p.name), facts)
            relabel_options(self.roles[p.id], options)
            self.withdraw[p.id].description = s.ui("ui.ch_withdraw")

    def answer(self) -> dict[str, Any]:
        return {
            "roles": {pid: b.value for pid, b in self.roles.items()},
            "withdrawn": [pid for pid, b in self.withdraw.items() if b.value],
        }

    def grade(self, answer: dict[str, Any]) -> Result:
        return grade_product_line(self.case, answer["roles"], answer["withdrawn"], self.session.lib)


class ReceivablesView(ExerciseView):
    """A month's ledger: give every balance its class, its action and the supply decision.

    ``classes``, ``actions`` and ``supply`` map an entry id to its drop-down.
    """

    module = MODULE
    doc_kind = "receivables"

    def __init__(self, session: Session, ledger_id: str) -> None:
        doc, self.ledger = find_item(session, "receivables", ledger_id, "ledgers")
        self.doc: ReceivablesDoc = doc
        self.action_order = display_order(list(rc.ACTIONS.values()), f"{ledger_id}.actions")
        super().__init__(session, doc.id, self.ledger.name)

    def build(self) -> list[w.Widget]:
        self.intro = styled(w.HTML(), "text")
        entries = self.ledger.entries
        self.labels = {e.id: styled(w.HTML(), "text") for e in entries}
        self.classes = {e.id: styled(w.Dropdown(value=None), "select") for e in entries}
        self.actions = {e.id: styled(w.Dropdown(value=None), "select") for e in entries}
        self.supply = {e.id: styled(w.Dropdown(value=None), "select") for e in entries}
        rows = [
            styled(
                w.VBox(
                    [self.labels[e.id], self.classes[e.id], self.actions[e.id], self.supply[e.id]]
                ),
                "row",
            )
            for e in entries
        ]
        return [self.intro, *rows]

    def relabel(self) -> None:
        s = self.session
        self.intro.value = text_html(
            s.ui("ui.ch_ledger_intro", date=s.text(rc.date_label(self.ledger.as_of))), "b"
        )
        classes = [(s.text(s.lib.terms[c][1].name), c) for c in rc.CLASSES if c in s.lib.terms]
        actions = [(s.ui(f"rc.action.{a}"), a) for a in self.action_order]
        supply = [(s.ui(f"rc.supply.{x}"), x) for x in rc.SUPPLY]
        for e in self.ledger.entries:
            facts = s.ui(
                "ui.ch_entry_facts" if e.completed else "ui.ch_entry_facts_no_topping_out",
                amount=f"{e.amount:,}",
                completed=s.text(rc.date_label(e.completed)) if e.completed else "",
                due=s.text(rc.date_label(e.due)),
                n=e.reminders,
            )
            note = f"<br><i>{text_html(s.text(e.note))}</i>" if e.note is not None else ""
            self.labels[e.id].value = _labelled(s, s.text(e.customer), facts) + note
            for control, key, options in (
                (self.classes[e.id], "ui.ch_class", classes),
                (self.actions[e.id], "ui.ch_action", actions),
                (self.supply[e.id], "ui.ch_supply", supply),
            ):
                control.description = s.ui(key)
                relabel_options(control, options)

    def answer(self) -> dict[str, dict[str, str | None]]:
        return {
            e.id: {
                "class": self.classes[e.id].value,
                "action": self.actions[e.id].value,
                "supply": self.supply[e.id].value,
            }
            for e in self.ledger.entries
        }

    def grade(self, answer: dict[str, dict[str, str | None]]) -> Result:
        return rc.sort_receivables(self.ledger, answer, self.session.lib)


class PlanReviewView(ExerciseView):
    """Two reps' plans for next week: the clash, the lead, the share, and a lost customer."""

    module = MODULE
    doc_kind = "plan_review"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "plan_review", case_id, "cases")
        self.doc: PlanReviewDoc = doc
        self.reasons = display_order(self.case.reasons, f"{case_id}.reasons")
        self.destinations = display_order(self.case.destinations, f"{case_id}.destinations")
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.plans = styled(w.HTML(), "text")
        self.clash = styled(w.RadioButtons(value=None), "choices")
        self.lead = styled(w.RadioButtons(value=None), "choices")
        self.share = styled(w.Dropdown(value=None), "select")
        self.paid_when = styled(w.RadioButtons(value=None), "choices")
        self.story = styled(w.HTML(), "text")
        self.reason = styled(w.RadioButtons(value=None), "choices")
        self.destination = styled(w.RadioButtons(value=None), "choices")
        self.prompts = {
            k: styled(w.HTML(), "text") for k in ("clash", "lead", "paid", "reason", "where")
        }
        p = self.prompts
        return [
            self.plans,
            p["clash"],
            self.clash,
            p["lead"],
            self.lead,
            self.share,
            p["paid"],
            self.paid_when,
            self.story,
            p["reason"],
            self.reason,
            p["where"],
            self.destination,
        ]

    def relabel(self) -> None:
        s = self.session
        customers = {c.id: s.text(c.name) for c in self.case.customers}
        rows = []
        for r in self.case.reps:
            visits = [
                s.ui("ui.ch_visit", day=s.ui(f"ui.ch_day.{v.day}"), customer=customers[v.customer])
                for v in sorted(r.visits, key=lambda v: v.day)
            ]
            plan = _labelled(s, s.text(r.name), list_separator(s.locale).join(visits))
            rows.append(f"<p>{plan}<br><i>{text_html(s.text(r.facts))}</i></p>")
        self.plans.value = text_html(s.ui("ui.ch_plans_intro"), "b") + "".join(rows)
        for k, key in (
            ("clash", "ui.ch_which_clash"),
            ("lead", "ui.ch_which_lead"),
            ("paid", "ui.ch_paid_when"),
            ("reason", "ui.ch_reason"),
            ("where", "ui.ch_destination"),
        ):
            self.prompts[k].value = text_html(s.ui(key), "b")
        relabel_options(self.clash, sorted(((n, i) for i, n in customers.items())))
        relabel_options(self.lead, [(s.text(r.name), r.id) for r in self.case.reps])
        self.share.description = s.ui("ui.ch_share")
        relabel_options(self.share, [(f"{n}%", n) for n in SHARES])
        relabel_options(self.paid_when, [(s.ui(f"ui.ch_paid.{p}"), p) for p in PAID_WHEN])
        self.story.value = text_html(s.text(self.case.lost_story))
        relabel_options(self.reason, [(s.text(p.text), p.id) for p in self.reasons])
        relabel_options(self.destination, [(s.text(p.text), p.id) for p in self.destinations])

    def answer(self) -> dict[str, Any]:
        return {
            "clash": self.clash.value,
            "lead": self.lead.value,
            "share": self.share.value,
            "paid_when": self.paid_when.value,
            "reason": self.reason.value,
            "destination": self.destination.value,
        }

    def grade(self, answer: dict[str, Any]) -> Result:
        return review_plans(self.case, answer, self.session.lib)


class ScriptView(ExerciseView):
    """Write a script of your own for a moment, tick the steps done, then write the revision."""

    module = MODULE
    doc_kind = "script_practice"

    def __init__(self, session: Session, situation_id: str) -> None:
        doc, self.situation = find_item(session, "script_practice", situation_id, "situations")
        self.doc: ScriptPracticeDoc = doc
        super().__init__(session, doc.id, self.situation.name)

    def build(self) -> list[w.Widget]:
        self.text = styled(w.HTML(), "text")
        self.draft = styled(w.Textarea(), "field")
        self.done_prompt = styled(w.HTML(), "text")
        self.done = check_boxes(SELF_REPORTED)
        self.revision = styled(w.Textarea(), "field")
        return [self.text, self.draft, self.done_prompt, *self.done.values(), self.revision]

    def relabel(self) -> None:
        s = self.session
        self.text.value = text_html(s.text(self.situation.situation))
        self.draft.description = s.ui("ui.ch_draft")
        self.done_prompt.value = text_html(s.ui("ui.ch_done"), "b")
        for term, box in self.done.items():
            box.description = s.text(s.lib.terms[term][1].name) if term in s.lib.terms else term
        self.revision.description = s.ui("ui.ch_revision")

    def answer(self) -> dict[str, Any]:
        return {
            "draft": self.draft.value,
            "revision": self.revision.value,
            "done": [t for t, b in self.done.items() if b.value],
        }

    def grade(self, answer: dict[str, Any]) -> Result:
        return check_script(self.situation, answer, self.session.lib)


class InvitationView(ExerciseView):
    """An invitation: at each moment pick what to say or do.

    ``moments[moment id]`` is the moment's buttons.
    """

    module = MODULE
    doc_kind = "invitations"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "invitations", case_id, "cases")
        self.doc: InvitationDoc = doc
        self.choices = {
            m.id: display_order(m.choices, f"{case_id}.{m.id}") for m in self.case.moments
        }
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.situation = styled(w.HTML(), "text")
        self.prompts = {m.id: styled(w.HTML(), "text") for m in self.case.moments}
        self.moments = {
            m.id: styled(w.RadioButtons(value=None), "choices") for m in self.case.moments
        }
        parts: list[w.Widget] = [self.situation]
        for m in self.case.moments:
            parts += [self.prompts[m.id], self.moments[m.id]]
        return parts

    def relabel(self) -> None:
        s = self.session
        self.situation.value = text_html(s.text(self.case.situation))
        for m in self.case.moments:
            self.prompts[m.id].value = text_html(s.text(m.prompt), "b")
            relabel_options(
                self.moments[m.id], [(s.text(c.text), c.id) for c in self.choices[m.id]]
            )

    def answer(self) -> dict[str, str | None]:
        return {mid: b.value for mid, b in self.moments.items()}

    def grade(self, answer: dict[str, str | None]) -> Result:
        return grade_invitation(self.case, answer, self.session.lib)
