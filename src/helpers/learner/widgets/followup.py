"""Widgets for module 05: grading accounts, a visit plan, the simulator, psychological distance."""

from __future__ import annotations

import html
import random

import ipywidgets as w

from helpers.learner.charts import MAX_CONTACTS, ForecastFigure
from helpers.learner.exercises import followup as ex
from helpers.learner.exercises.result import Result
from helpers.learner.widgets.base import ExerciseView, Session, relabel_options, styled

GRADES = ("A", "B", "C", "D")


class AccountGradeView(ExerciseView):
    """Give one account case its grade, A to D."""

    module = "05_follow_up"
    doc_kind = "account_cases"

    def __init__(self, session: Session, case_id: str) -> None:
        self.case = next(c for c in session.lib.account_cases if c.id == case_id)
        doc_id = next(
            d.id
            for d in session.lib.of_kind("account_cases")
            if any(c.id == case_id for c in d.cases)
        )
        super().__init__(session, doc_id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.description = styled(w.HTML(), "text")
        self.grade_buttons = styled(w.ToggleButtons(options=list(GRADES), value=None), "toggles")
        return [self.description, self.grade_buttons]

    def relabel(self) -> None:
        s = self.session
        self.description.value = html.escape(s.text(self.case.description))
        self.grade_buttons.description = s.ui("ui.grade_account")

    def answer(self) -> str | None:
        return self.grade_buttons.value

    def grade(self, answer: str | None) -> Result:
        return ex.grade_account(self.case, answer)


class VisitPlanView(ExerciseView):
    """Plan four weeks of visits for a handful of graded accounts.

    Each account has a tick box per visit slot (week 1 to 4, morning or
    afternoon): ``rows[account id]`` is the account's label and its boxes by
    slot ("1-am" … "4-pm").
    """

    module = "05_follow_up"
    doc_kind = "cadence"

    def __init__(self, session: Session, n: int = 4, seed: int = 0) -> None:
        cases = list(session.lib.account_cases)
        random.Random(seed).shuffle(cases)
        self.cases = sorted(cases[:n], key=lambda c: c.grade)
        self.cadence = session.lib.cadence
        assert self.cadence is not None
        super().__init__(session, self.cadence.id)

    SLOTS = tuple(f"{week}-{part}" for week in range(1, 5) for part in ("am", "pm"))

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        self.rows = {
            c.id: (
                styled(w.HTML(), "text"),
                {
                    slot: styled(w.Checkbox(value=False, indent=False), "check")
                    for slot in self.SLOTS
                },
            )
            for c in self.cases
        }
        return [
            self.prompt,
            *[
                styled(w.VBox([label, styled(w.HBox(list(boxes.values())), "row")]), "row")
                for label, boxes in self.rows.values()
            ],
        ]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = f"<b>{html.escape(s.ui('ui.plan_intro'))}</b>"
        for c in self.cases:
            label, boxes = self.rows[c.id]
            label.value = f"<i>{html.escape(s.text(c.name))} ({c.grade})</i>"
            for slot, box in boxes.items():
                week, part = slot.split("-")
                box.description = s.ui("ui.slot", week=week, part=s.ui(f"ui.{part}"))

    def plan(self, account_id: str, slots: list[str] | tuple[str, ...]) -> None:
        """Tick exactly ``slots`` (e.g. ``["1-am"]``) for one account."""
        for slot, box in self.rows[account_id][1].items():
            box.value = slot in slots

    def answer(self) -> dict[str, list[str]]:
        return {
            cid: [slot for slot, box in boxes.items() if box.value]
            for cid, (_, boxes) in self.rows.items()
        }

    def grade(self, answer: dict[str, list[str]]) -> Result:
        plan = {
            cid: [(int(v.split("-")[0]), v.split("-")[1]) for v in values]
            for cid, values in answer.items()
        }
        grades = {c.id: c.grade for c in self.cases}
        names = {c.id: c.name for c in self.cases}
        return ex.check_visit_plan(self.cadence, grades, plan, names)


class DistanceView(ExerciseView):
    """Place a customer profile on the four stages of psychological distance."""

    module = "05_follow_up"
    doc_kind = "cadence"

    def __init__(self, session: Session, seed: int = 0) -> None:
        self.cadence = session.lib.cadence
        assert self.cadence is not None
        self.seed = seed
        self.exercise_id = ex.distance_exercise_id(seed)
        self.known = ex.distance_profile(self.cadence, seed)
        names = {f.id: f.name for f in self.cadence.profile_fields}
        self.field_names = [names[f] for f in self.known]
        super().__init__(session, self.cadence.id)

    def build(self) -> list[w.Widget]:
        self.profile = styled(w.HTML(), "text")
        self.choice = styled(w.RadioButtons(value=None), "choices")
        return [self.profile, self.choice]

    def relabel(self) -> None:
        s = self.session
        items = "".join(f"<li>{html.escape(s.text(n))}</li>" for n in self.field_names)
        self.profile.value = f"<b>{html.escape(s.ui('ui.place_profile'))}</b><ul>{items}</ul>"
        stages = sorted(self.cadence.distance_stages, key=lambda st: st.order)
        options = [(s.ui("ui.not_yet"), "none")] + [(s.text(st.name), st.id) for st in stages]
        relabel_options(self.choice, options)

    def answer(self) -> str | None:
        return self.choice.value

    def grade(self, answer: str | None) -> Result:
        return ex.place_profile(self.cadence, self.known, answer, self.exercise_id)


class SimulatorView:
    """The quantity and time probability principles as a simulator (not graded).

    Sliders for leads, contacts per lead and conversion; the text and the chart
    follow at once. The chart is one :class:`~helpers.learner.charts.ForecastFigure`
    kept for the view's life: a slider moves its curves rather than drawing a
    new figure, so it keeps up with the slider.
    """

    DPI = 72

    def __init__(self, session: Session) -> None:
        self.session = session
        cad = session.lib.cadence
        assert cad is not None
        self.cadence = cad
        bench = cad.conversion.new_rep_lead_to_deal
        self.leads = w.IntSlider(value=20, min=0, max=300, step=5)
        self.contacts = w.FloatSlider(
            value=float(cad.contact_rule.park_after_contacts), min=0, max=MAX_CONTACTS, step=1
        )
        self.conversion = w.FloatSlider(
            value=bench.max, min=0.0, max=0.2, step=0.005, readout_format=".1%"
        )
        self.summary = styled(w.HTML(), "text")
        self.chart = styled(w.Image(format="png"), "image")
        self.figure: ForecastFigure | None = None
        for control in (self.leads, self.contacts, self.conversion):
            control.observe(lambda _c: self.update(), names="value")
            styled(control, "slider")
        self.widget = styled(
            w.VBox([self.leads, self.contacts, self.conversion, self.summary, self.chart]), "view"
        )
        session.on_locale(self.relabel)
        self.relabel()

    def relabel(self) -> None:
        """Label the sliders and rebuild the chart in the session's language."""
        s = self.session
        self.leads.description = s.ui("ui.leads")
        self.contacts.description = s.ui("ui.contacts")
        self.conversion.description = s.ui("ui.conversion")
        self.figure = ForecastFigure(self.cadence, s.locale, max_leads=self.leads.max)
        self.update()

    def update(self) -> None:
        """Recompute the forecast and move the chart's curves."""
        s = self.session
        f = ex.forecast(self.cadence, self.leads.value, self.contacts.value, self.conversion.value)
        self.summary.value = s.ui(
            "ui.forecast", deals=f"{f.expected_deals:.1f}", p=f"{f.p_at_least_one:.0%}"
        )
        if self.figure is not None:
            self.figure.update(self.leads.value, self.contacts.value)
            self.chart.value = self.figure.png(dpi=self.DPI)
