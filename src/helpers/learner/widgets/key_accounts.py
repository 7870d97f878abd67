"""Widgets for module 06, key accounts: one view per exercise family of the module."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from helpers.learner.exercises import opportunity as opp
from helpers.learner.exercises import plans, tiers
from helpers.learner.exercises.consultative import grade_reply_pair
from helpers.learner.exercises.placement import grade_placement, method_order, stage_prompt
from helpers.learner.exercises.result import Result, display_order
from helpers.learner.widgets.base import (
    ExerciseView,
    Session,
    check_boxes,
    find_item,
    relabel_options,
    styled,
    text_html,
)
from helpers.learner.widgets.flow import OrderView
from helpers.playbook.models import (
    AccountPlanDoc,
    CallingHighDoc,
    OpportunityDoc,
    PlacementDoc,
    ReplyPairsDoc,
    TierSortDoc,
)

MODULE = "06_key_accounts"


def _labelled(session: Session, label: str, text: str) -> str:
    """``label: text`` as HTML with the label in bold, punctuated as the language writes it."""
    return session.ui("ui.ka_labelled", label=text_html(label, "b"), text=text_html(text))


class ReplyPairView(ExerciseView):
    """Which of two replies is the adviser's, and which consultative skill it shows."""

    module = MODULE
    doc_kind = "reply_pairs"

    def __init__(self, session: Session, pair_id: str) -> None:
        doc, self.pair = find_item(session, "reply_pairs", pair_id, "pairs")
        self.doc: ReplyPairsDoc = doc
        self.replies = display_order(["adviser", "vendor"], pair_id)
        super().__init__(session, doc.id, self.pair.name)

    def build(self) -> list[w.Widget]:
        self.customer = styled(w.HTML(), "text")
        self.reply = styled(w.RadioButtons(value=None), "choices")
        self.skill = styled(w.RadioButtons(value=None), "choices")
        self.reply_prompt = styled(w.HTML(), "text")
        self.skill_prompt = styled(w.HTML(), "text")
        return [self.customer, self.reply_prompt, self.reply, self.skill_prompt, self.skill]

    def relabel(self) -> None:
        s = self.session
        p = self.pair
        self.customer.value = _labelled(s, s.ui("ui.ka_customer"), s.text(p.customer))
        self.reply_prompt.value = text_html(s.ui("ui.ka_which_adviser"), "b")
        texts = {"adviser": p.adviser, "vendor": p.vendor}
        options = [
            (s.ui("ui.ka_labelled", label=s.ui("ui.ka_reply", n=n), text=s.text(texts[r])), r)
            for n, r in enumerate(self.replies, start=1)
        ]
        relabel_options(self.reply, options)
        self.skill_prompt.value = text_html(s.ui("ui.ka_which_skill"), "b")
        method = s.lib.methods[self.doc.method]
        relabel_options(self.skill, [(s.text(t.name), t.id) for t in method.terms])

    def answer(self) -> dict[str, str | None]:
        return {"adviser": self.reply.value, "skill": self.skill.value}

    def grade(self, answer: dict[str, str | None]) -> Result:
        return grade_reply_pair(
            self.pair, answer.get("adviser"), answer.get("skill"), self.session.lib, self.doc.method
        )


class PlacementView(ExerciseView):
    """Place a customer's signals on a stage of a method and pick the move that fits."""

    module = MODULE
    doc_kind = "placement"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "placement", case_id, "cases")
        self.doc: PlacementDoc = doc
        self.moves = display_order(self.case.moves, case_id)
        self.stages = display_order(session.lib.methods[doc.method].terms, f"{case_id}.stages")
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.signals = styled(w.HTML(), "text")
        self.stage_prompt = styled(w.HTML(), "text")
        self.stage = styled(w.RadioButtons(value=None), "choices")
        self.move_prompt = styled(w.HTML(), "text")
        self.move = styled(w.RadioButtons(value=None), "choices")
        return [self.signals, self.stage_prompt, self.stage, self.move_prompt, self.move]

    def relabel(self) -> None:
        s = self.session
        self.signals.value = text_html(s.text(self.case.signals))
        self.stage_prompt.value = text_html(s.ui(stage_prompt(self.doc.method)), "b")
        relabel_options(self.stage, [(s.text(t.name), t.id) for t in self.stages])
        self.move_prompt.value = text_html(s.ui("ui.ka_which_move"), "b")
        relabel_options(self.move, [(s.text(m.text), m.id) for m in self.moves])

    def answer(self) -> dict[str, str | None]:
        return {"stage": self.stage.value, "move": self.move.value}

    def grade(self, answer: dict[str, str | None]) -> Result:
        return grade_placement(
            self.case, answer.get("stage"), answer.get("move"), self.session.lib, self.doc.method
        )


class MethodOrderView(OrderView):
    """Put every stage of a method (the buyer's process, the development stages) in order."""

    module = MODULE
    doc_kind = "methods"

    def __init__(self, session: Session, method_id: str) -> None:
        self.method = session.lib.methods[method_id]
        doc_id = next(
            d.id
            for d in session.lib.of_kind("methods")
            if any(m.id == method_id for m in d.methods)
        )
        items = [(t.id, t.name) for t in self.method.terms]
        super().__init__(session, doc_id, items, "ui.ka_order_method")
        self.title_text = self.method.name
        self._relabel_all()

    def grade(self, answer: list[str]) -> Result:
        return method_order(self.method, answer)


class OpportunityView(ExerciseView):
    """Rate several accounts on the weighted factors, see the totals, pick one to pursue.

    ``ratings[account id][factor id]`` is the drop-down of one rating (1-5).
    """

    module = MODULE
    doc_kind = "opportunity_assessment"

    def __init__(self, session: Session, set_id: str) -> None:
        doc, self.set = find_item(session, "opportunity_assessment", set_id, "sets")
        self.doc: OpportunityDoc = doc
        super().__init__(session, doc.id, self.set.name)

    def build(self) -> list[w.Widget]:
        self.intro = styled(w.HTML(), "text")
        self.factor_table = styled(w.HTML(), "text")
        self.ratings: dict[str, dict[str, w.Dropdown]] = {}
        self.descriptions: dict[str, w.HTML] = {}
        boxes = []
        for a in self.set.accounts:
            self.descriptions[a.id] = styled(w.HTML(), "text")
            row = {
                f.id: styled(w.Dropdown(options=[1, 2, 3, 4, 5], value=None), "select", "inline")
                for f in self.doc.factors
            }
            for dd in row.values():
                dd.observe(lambda _c: self._totals(), names="value")
            self.ratings[a.id] = row
            boxes.append(styled(w.VBox([self.descriptions[a.id], *row.values()]), "row"))
        self.totals = styled(w.HTML(), "text")
        self.pick = styled(w.RadioButtons(value=None), "choices")
        self.pick_prompt = styled(w.HTML(), "text")
        return [self.intro, self.factor_table, *boxes, self.totals, self.pick_prompt, self.pick]

    def relabel(self) -> None:
        s = self.session
        self.intro.value = text_html(s.ui("ui.ka_rate_intro"), "b")
        names = {t.id: t.name for t in s.lib.methods[self.doc.method].terms}
        self.factor_table.value = self._factor_table(names)
        for a in self.set.accounts:
            self.descriptions[
                a.id
            ].value = f"<b>{text_html(s.text(a.name))}</b><br>{text_html(s.text(a.description))}"
            for f in self.doc.factors:
                name = s.text(names[f.id]) if f.id in names else f.id
                self.ratings[a.id][f.id].description = s.ui(
                    "ui.ka_factor", name=name, weight=f"{f.weight:g}"
                )
        self.pick_prompt.value = text_html(s.ui("ui.ka_pick_account"), "b")
        relabel_options(self.pick, [(s.text(a.name), a.id) for a in self.set.accounts])
        self._totals()

    def _factor_table(self, names: dict[str, Any]) -> str:
        """What each factor weighs and what a 5 and a 1 mean, as an HTML table."""
        s = self.session
        heads = ("ui.ka_factor_head", "ui.ka_weight_head", "ui.ka_high_head", "ui.ka_low_head")
        head = "".join(text_html(s.ui(k), "th") for k in heads)
        rows = []
        for f in self.doc.factors:
            name = s.text(names[f.id]) if f.id in names else f.id
            cells = (name, f"{f.weight:g}", s.text(f.high), s.text(f.low))
            rows.append("<tr>" + "".join(text_html(c, "td") for c in cells) + "</tr>")
        return f"<table><tr>{head}</tr>{''.join(rows)}</table>"

    def _totals(self) -> None:
        s = self.session
        answer = self.answer()["ratings"]
        parts = [
            s.ui(
                "ui.ka_total_of",
                name=s.text(a.name),
                total=f"{opp.weighted_total(self.doc, answer[a.id]):.2f}",
            )
            for a in self.set.accounts
        ]
        self.totals.value = text_html(s.ui("ui.ka_totals", totals=" · ".join(parts)))

    def answer(self) -> dict[str, Any]:
        return {
            "ratings": {
                aid: {fid: dd.value for fid, dd in row.items()} for aid, row in self.ratings.items()
            },
            "pick": self.pick.value,
        }

    def grade(self, answer: dict[str, Any]) -> Result:
        return opp.assess_opportunities(
            self.doc, self.set, answer["ratings"], answer.get("pick"), self.session.lib
        )


class AccountPlanView(ExerciseView):
    """The three-step account plan as a form: success, goals (one per line), three tactics."""

    module = MODULE
    doc_kind = "account_plan"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "account_plan", case_id, "cases")
        self.doc: AccountPlanDoc = doc
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.description = styled(w.HTML(), "text")
        self.fields = {
            "success": styled(w.Textarea(), "field"),
            "goals": styled(w.Textarea(), "field"),
            **{side: styled(w.Textarea(), "field") for side in plans.PLAN_SIDES},
        }
        return [self.description, *self.fields.values()]

    def relabel(self) -> None:
        s = self.session
        self.description.value = text_html(s.text(self.case.description))
        for name, field in self.fields.items():
            field.description = s.ui(f"ui.ka_plan_{name}")

    def answer(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v.value for k, v in self.fields.items()}
        out["goals"] = [g.strip() for g in self.fields["goals"].value.splitlines() if g.strip()]
        return out

    def grade(self, answer: dict[str, Any]) -> Result:
        return plans.check_account_plan(self.case, answer, self.session.lib)


class CallingHighView(ExerciseView):
    """Prepare a visit to a decision maker: who, order, outcome, interests, obstacles, follow-up."""

    module = MODULE
    doc_kind = "calling_high"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "calling_high", case_id, "cases")
        self.doc: CallingHighDoc = doc
        self.preparation = display_order(self.case.preparation, f"{case_id}.preparation")
        self.interests = display_order(self.case.interests, f"{case_id}.interests")
        self.obstacles = display_order(self.case.obstacles, f"{case_id}.obstacles")
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.description = styled(w.HTML(), "text")
        self.preparation_prompt = styled(w.HTML(), "text")
        self.preparation_boxes = check_boxes(p.id for p in self.preparation)
        self.who = styled(w.Dropdown(value=None), "select")
        self.order_prompt = styled(w.HTML(), "text")
        self.order = [styled(w.Dropdown(value=None), "select", "inline") for _ in self.case.people]
        self.outcome = styled(w.Textarea(), "field")
        self.interests_prompt = styled(w.HTML(), "text")
        self.interest_boxes = check_boxes(p.id for p in self.interests)
        self.obstacles_prompt = styled(w.HTML(), "text")
        self.obstacle_boxes = check_boxes(p.id for p in self.obstacles)
        self.follow_up = styled(w.Textarea(), "field")
        return [
            self.description,
            self.preparation_prompt,
            *self.preparation_boxes.values(),
            self.who,
            self.order_prompt,
            *self.order,
            self.outcome,
            self.interests_prompt,
            *self.interest_boxes.values(),
            self.obstacles_prompt,
            *self.obstacle_boxes.values(),
            self.follow_up,
        ]

    def relabel(self) -> None:
        s = self.session
        self.description.value = text_html(s.text(self.case.description))
        self.preparation_prompt.value = text_html(s.ui("ui.ka_preparation"), "b")
        for p in self.preparation:
            self.preparation_boxes[p.id].description = s.text(p.text)
        people = sorted(
            (
                (s.ui("ui.ka_person", name=s.text(p.name), role=s.text(p.role)), p.id)
                for p in self.case.people
            ),
            key=lambda o: o[0],
        )
        self.who.description = s.ui("ui.ka_who")
        relabel_options(self.who, people)
        self.order_prompt.value = text_html(s.ui("ui.ka_order_people"), "b")
        for n, slot in enumerate(self.order, start=1):
            slot.description = s.ui("ui.step", n=n)
            relabel_options(slot, people)
        self.outcome.description = s.ui("ui.ka_outcome")
        self.interests_prompt.value = text_html(s.ui("ui.ka_interests"), "b")
        for p in self.interests:
            self.interest_boxes[p.id].description = s.text(p.text)
        self.obstacles_prompt.value = text_html(s.ui("ui.ka_obstacles"), "b")
        for p in self.obstacles:
            self.obstacle_boxes[p.id].description = s.text(p.text)
        self.follow_up.description = s.ui("ui.ka_follow_up")

    def answer(self) -> dict[str, Any]:
        order = [slot.value or "" for slot in self.order]
        while order and not order[-1]:
            order.pop()
        return {
            "preparation": [k for k, b in self.preparation_boxes.items() if b.value],
            "who": self.who.value,
            "order": order,
            "outcome": self.outcome.value,
            "interests": [k for k, b in self.interest_boxes.items() if b.value],
            "obstacles": [k for k, b in self.obstacle_boxes.items() if b.value],
            "follow_up": self.follow_up.value,
        }

    def grade(self, answer: dict[str, Any]) -> Result:
        return plans.check_calling_high(self.case, answer, self.session.lib)


class TierSortView(ExerciseView):
    """Sort accounts into the key-account tiers, then give each tier its visits.

    ``tiers[account id]`` is the account's tier buttons; ``visits[tier id]``
    the drop-down of the visit rules given to that tier.
    """

    module = MODULE
    doc_kind = "tier_sort"

    def __init__(self, session: Session, doc_id: str) -> None:
        self.doc: TierSortDoc = next(d for d in session.lib.of_kind("tier_sort") if d.id == doc_id)
        cadence = session.lib.cadence
        assert cadence is not None and cadence.key_account_tiers
        self.tier_rules = cadence.key_account_tiers
        self.rule_order = display_order([t.id for t in self.tier_rules], f"{doc_id}.visits")
        super().__init__(session, doc_id, self.doc.name)

    def build(self) -> list[w.Widget]:
        self.intro = styled(w.HTML(), "text")
        self.labels = {a.id: styled(w.HTML(), "text") for a in self.doc.accounts}
        self.tiers = {
            a.id: styled(w.ToggleButtons(options=[], value=None), "toggles")
            for a in self.doc.accounts
        }
        self.visits_intro = styled(w.HTML(), "text")
        self.visits = {t.id: styled(w.Dropdown(value=None), "select") for t in self.tier_rules}
        rows = [
            styled(w.VBox([self.labels[a.id], self.tiers[a.id]]), "row") for a in self.doc.accounts
        ]
        return [self.intro, *rows, self.visits_intro, *self.visits.values()]

    def relabel(self) -> None:
        s = self.session
        self.intro.value = text_html(s.ui("ui.ka_tier_intro"), "b")
        options = [(s.text(t.name), t.id) for t in self.tier_rules]
        for a in self.doc.accounts:
            self.labels[a.id].value = _labelled(s, s.text(a.name), s.text(a.description))
            relabel_options(self.tiers[a.id], options)
        self.visits_intro.value = text_html(s.ui("ui.ka_visits_intro"), "b")
        rules = {t.id: s.text(tiers.tier_visits(t)) for t in self.tier_rules}
        for t in self.tier_rules:
            self.visits[t.id].description = s.text(t.name)
            relabel_options(self.visits[t.id], [(rules[r], r) for r in self.rule_order])

    def answer(self) -> dict[str, dict[str, str | None]]:
        return {
            "tiers": {aid: b.value for aid, b in self.tiers.items()},
            "visits": {tid: d.value for tid, d in self.visits.items()},
        }

    def grade(self, answer: dict[str, dict[str, str | None]]) -> Result:
        return tiers.sort_tiers(
            self.doc, self.tier_rules, answer["tiers"], answer["visits"], self.session.lib
        )
