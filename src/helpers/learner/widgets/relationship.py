"""Widgets for module 07, relationship maintenance: one view per exercise family of the module."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import ipywidgets as w

from helpers.learner.exercises import spending
from helpers.learner.exercises.calendar import (
    TIMES,
    check_calendar,
    check_file_notes,
    day_label,
)
from helpers.learner.exercises.care_events import grade_event_response
from helpers.learner.exercises.result import Result, display_order
from helpers.learner.exercises.retention import check_retention
from helpers.learner.widgets.base import (
    ExerciseView,
    Session,
    check_boxes,
    find_item,
    has_content,
    relabel_options,
    styled,
    text_html,
)
from helpers.playbook.models import (
    FILE_FIELDS,
    CareProgrammeDoc,
    CustomerFilesDoc,
    EventResponsesDoc,
    GradeRule,
    SpendingDoc,
    Text,
    quarter_end,
)

MODULE = "07_relationship"

CALENDAR_ROWS = 14
"""How many actions a maintenance calendar has room for."""

UNITS: dict[str, int] = {"万": 10_000, "千": 1_000}
"""Chinese units a typed amount may end in, e.g. 1.44万 for 14,400."""

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?")


def _programme(session: Session) -> CareProgrammeDoc:
    docs = session.lib.of_kind("care_programme")
    assert docs, "the maintenance calendar needs the programme's rules"
    return docs[0]


def _number(value: str | None) -> float | None:
    """A number typed by the learner, or None when there is none.

    Thousands separators, full-width digits and a trailing 元 are allowed
    ("14,400", "１４４００ 元"), and so are the units 万 and 千 ("1.44万", "6 万元").
    """
    text = (value or "").translate(_FULL_WIDTH)
    text = re.sub(r"(?<=\d)[,\s](?=\d)", "", text)
    found = _AMOUNT.search(text)
    if found is None:
        return None
    unit = text[found.end() :].lstrip()[:1]
    return float(found.group()) * UNITS.get(unit, 1)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def file_html(session: Session, case_id: str) -> str:
    """A customer's basic file as a small table, in the session's language."""
    _, case = find_item(session, "customer_files", case_id, "cases")
    s = session
    rows = []
    for field in FILE_FIELDS:
        value = getattr(case.file, field)
        if value is None:
            continue
        if isinstance(value, Text):
            shown = s.text(value)
        elif field == "gender":
            shown = s.ui(f"ui.rm_{value}")
        elif field in ("birthday", "store_anniversary"):
            month, day = (int(p) for p in value.split("-"))
            shown = s.text(day_label(dt.date(2000, month, day)))
        else:
            shown = value
        rows.append(
            f"<tr><th>{text_html(s.ui(f'ui.rm_field.{field}'))}</th><td>{text_html(shown)}</td></tr>"
        )
    rows.append(
        f"<tr><th>{text_html(s.ui('ui.rm_field.grade'))}</th><td>{text_html(case.file.grade)}</td></tr>"
    )
    company = text_html(s.text(case.file.company))
    return f"<b>{company}</b><table>{''.join(rows)}</table>"


class CareFileView(ExerciseView):
    """Tick what the rep heard that belongs in the customer's basic file."""

    module = MODULE
    doc_kind = "customer_files"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "customer_files", case_id, "cases")
        self.doc: CustomerFilesDoc = doc
        self.notes = display_order(self.case.notes, f"{case_id}.notes")
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.prompt = styled(w.HTML(), "text")
        self.boxes = check_boxes(n.id for n in self.notes)
        return [self.prompt, *self.boxes.values()]

    def relabel(self) -> None:
        s = self.session
        self.prompt.value = text_html(
            s.ui("ui.rm_file_prompt", name=s.text(self.case.file.name)), "b"
        )
        for n in self.notes:
            self.boxes[n.id].description = s.text(n.text)

    def answer(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.value]

    def grade(self, answer: list[str]) -> Result:
        return check_file_notes(self.case, answer, self.session.lib)


class CalendarView(ExerciseView):
    """Plan a quarter's maintenance calendar for one customer.

    ``rows`` are the calendar's lines, each ``(action, date, time)``: a
    drop-down of the case's actions, a date picker limited to the quarter and
    the time of day.
    """

    module = MODULE
    doc_kind = "customer_files"

    def __init__(self, session: Session, case_id: str, rows: int = CALENDAR_ROWS) -> None:
        doc, self.case = find_item(session, "customer_files", case_id, "cases")
        self.doc: CustomerFilesDoc = doc
        self.programme = _programme(session)
        self.n_rows = rows
        kinds = ("care_call", "visit", "training", "support", "greeting", "event_call", "attend")
        shuffled = display_order(self.case.lines, f"{case_id}.lines")
        self.lines = sorted(shuffled, key=lambda ln: kinds.index(ln.action))
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.file = styled(w.HTML(), "text")
        self.rules = styled(w.HTML(), "text")
        self.events = styled(w.HTML(), "text")
        self.prompt = styled(w.HTML(), "text")
        start, end = self.case.quarter, quarter_end(self.case.quarter)
        self.rows = [
            (
                styled(w.Dropdown(value=None), "select"),
                styled(w.DatePicker(value=None, min=start, max=end), "select", "inline"),
                styled(w.Dropdown(value=None), "select", "inline"),
            )
            for _ in range(self.n_rows)
        ]
        boxes = [styled(w.VBox(list(row)), "row") for row in self.rows]
        return [self.file, self.rules, self.events, self.prompt, *boxes]

    def _grade(self) -> GradeRule:
        cadence = self.session.lib.cadence
        assert cadence is not None
        return next(g for g in cadence.grades if g.id == self.case.file.grade)

    def rules_html(self) -> str:
        """The programme's numbers and event rules the calendar is checked against."""
        s, p = self.session, self.programme
        grade = self._grade()
        lines = [
            s.ui(
                "ui.rm_rule_visits",
                grade=grade.id,
                min=math.ceil(grade.min_visits_per_month),
                max=p.visits_per_month_max,
            ),
            s.ui("ui.rm_rule_care_visits", n=p.care_visit_months_min),
            s.ui("ui.rm_rule_calls", n=p.care_calls_per_quarter_min),
            s.ui("ui.rm_rule_training", n=p.trainings_per_quarter_min),
            *(
                s.ui("ui.rm_rule_event", kind=s.ui(f"rm.kind.{r.kind}"), rule=s.text(r.rule))
                for r in p.event_rules
            ),
        ]
        items = "".join(f"<li>{text_html(x)}</li>" for x in lines)
        return f"<b>{text_html(s.ui('ui.rm_programme'))}</b><ul>{items}</ul>"

    def relabel(self) -> None:
        s = self.session
        self.file.value = file_html(s, self.case.id)
        self.rules.value = self.rules_html()
        end = quarter_end(self.case.quarter)
        dated = [
            (h.date, s.ui("ui.rm_dated", day=s.text(day_label(h.date)), what=s.text(h.name)))
            for h in self.programme.holidays
            if self.case.quarter <= h.date <= end
        ]
        dated += [(e.date, s.text(e.text)) for e in self.case.events]
        quarter = s.ui(
            "ui.rm_quarter",
            start=s.text(day_label(self.case.quarter)),
            end=s.text(day_label(end)),
            year=self.case.quarter.year,
        )
        items = "".join(f"<li>{text_html(x)}</li>" for _, x in sorted(dated, key=lambda d: d[0]))
        self.events.value = f"<b>{text_html(quarter)}</b><ul>{items}</ul>"
        self.prompt.value = text_html(s.ui("ui.rm_calendar_prompt"), "b")
        options = [
            (f"[{s.ui(f'ui.rm_action.{ln.action}')}] {s.text(ln.text)}", ln.id) for ln in self.lines
        ]
        times = [(s.ui(f"ui.{t}"), t) for t in TIMES]
        for n, (line, day, time) in enumerate(self.rows, start=1):
            line.description = s.ui("ui.rm_row", n=n)
            relabel_options(line, options)
            day.description = s.ui("ui.rm_date")
            time.description = s.ui("ui.rm_time")
            relabel_options(time, times)

    def set_row(
        self, n: int, line: str | None, day: dt.date | None, time: str | None = None
    ) -> None:
        """Fill row ``n`` (from 0) with an action, a date and a time of day."""
        control, picker, clock = self.rows[n]
        control.value, picker.value, clock.value = line, day, time

    def answer(self) -> list[dict[str, str | None]]:
        return [
            {
                "line": line.value,
                "date": day.value.isoformat() if day.value else None,
                "time": time.value,
            }
            for line, day, time in self.rows
        ]

    def is_empty(self, answer: list[dict[str, str | None]]) -> bool:
        return not any(row["line"] or row["date"] for row in answer)

    def grade(self, answer: list[dict[str, str | None]]) -> Result:
        return check_calendar(self.case, self.programme, self._grade(), answer, self.session.lib)


class EventResponseView(ExerciseView):
    """Respond to a customer's news: the action, how soon, and what to say."""

    module = MODULE
    doc_kind = "event_responses"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "event_responses", case_id, "cases")
        self.doc: EventResponsesDoc = doc
        self.actions = display_order(self.case.actions, f"{case_id}.actions")
        self.timings = display_order(self.case.timings, f"{case_id}.timings")
        self.lines = display_order(self.case.lines, f"{case_id}.lines")
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.situation = styled(w.HTML(), "text")
        self.action_prompt = styled(w.HTML(), "text")
        self.action = styled(w.RadioButtons(value=None), "choices")
        self.timing_prompt = styled(w.HTML(), "text")
        self.timing = styled(w.RadioButtons(value=None), "choices")
        self.lines_prompt = styled(w.HTML(), "text")
        self.boxes = check_boxes(p.id for p in self.lines)
        return [
            self.situation,
            self.action_prompt,
            self.action,
            self.timing_prompt,
            self.timing,
            self.lines_prompt,
            *self.boxes.values(),
        ]

    def relabel(self) -> None:
        s = self.session
        self.situation.value = text_html(s.text(self.case.situation))
        self.action_prompt.value = text_html(s.ui("ui.rm_which_action"), "b")
        relabel_options(self.action, [(s.text(m.text), m.id) for m in self.actions])
        self.timing_prompt.value = text_html(s.ui("ui.rm_which_timing"), "b")
        relabel_options(self.timing, [(s.text(m.text), m.id) for m in self.timings])
        self.lines_prompt.value = text_html(s.ui("ui.rm_which_lines"), "b")
        for p in self.lines:
            self.boxes[p.id].description = s.text(p.text)

    def answer(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "timing": self.timing.value,
            "lines": [k for k, b in self.boxes.items() if b.value],
        }

    def grade(self, answer: dict[str, Any]) -> Result:
        return grade_event_response(
            self.case,
            answer.get("action"),
            answer.get("timing"),
            answer.get("lines") or [],
            self.session.lib,
        )


class RetentionView(ExerciseView):
    """Work out what winning a replacement customer would cost, at the documents' multiple."""

    module = MODULE
    doc_kind = "care_programme"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "care_programme", case_id, "retention")
        self.doc: CareProgrammeDoc = doc
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.description = styled(w.HTML(), "text")
        self.cost = styled(w.Text(), "field")
        return [self.description, self.cost]

    def relabel(self) -> None:
        s = self.session
        self.description.value = text_html(s.text(self.case.description))
        self.cost.description = s.ui("ui.rm_cost_at", factor=f"{self.doc.win_cost_factor:g}")

    def answer(self) -> dict[str, str]:
        return {"cost": self.cost.value}

    def grade(self, answer: dict[str, str]) -> Result:
        return check_retention(self.doc, self.case, _number(answer.get("cost")), self.session.lib)


class ClaimView(ExerciseView):
    """Decide whether a claim for relationship spending is paid now, and what is missing."""

    module = MODULE
    doc_kind = "spending_rules"

    def __init__(self, session: Session, claim_id: str) -> None:
        doc, self.claim = find_item(session, "spending_rules", claim_id, "claims")
        self.doc: SpendingDoc = doc
        super().__init__(session, doc.id, self.claim.name)

    def build(self) -> list[w.Widget]:
        self.description = styled(w.HTML(), "text")
        self.decision = styled(w.ToggleButtons(options=[], value=None), "toggles")
        self.missing_prompt = styled(w.HTML(), "text")
        self.boxes = check_boxes(spending.CONDITIONS)
        return [self.description, self.decision, self.missing_prompt, *self.boxes.values()]

    def relabel(self) -> None:
        s = self.session
        self.description.value = text_html(s.text(self.claim.description))
        self.decision.description = s.ui("ui.rm_pay_now")
        relabel_options(self.decision, [(s.ui("ui.rm_pay"), "pay"), (s.ui("ui.rm_hold"), "hold")])
        self.missing_prompt.value = text_html(s.ui("ui.rm_still_missing"), "b")
        for c, box in self.boxes.items():
            box.description = s.ui(f"ui.rm_condition.{c}")

    def answer(self) -> dict[str, Any]:
        return {
            "decision": self.decision.value,
            "missing": [c for c, b in self.boxes.items() if b.value],
        }

    def grade(self, answer: dict[str, Any]) -> Result:
        return spending.grade_claim(
            self.claim, answer.get("decision"), answer.get("missing") or [], self.session.lib
        )


class StatementView(ExerciseView):
    """Work out when a monthly statement is due and reviewed, and whether it was on time."""

    module = MODULE
    doc_kind = "spending_rules"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "spending_rules", case_id, "statements")
        self.doc: SpendingDoc = doc
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.description = styled(w.HTML(), "text")
        month = self.case.month
        end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        self.due = styled(w.DatePicker(value=None, min=month, max=end), "select")
        self.on_time = styled(w.ToggleButtons(options=[], value=None), "toggles")
        self.review = styled(w.DatePicker(value=None, min=month, max=end), "select")
        return [self.description, self.due, self.on_time, self.review]

    def relabel(self) -> None:
        s = self.session
        self.description.value = text_html(s.text(self.case.description))
        self.due.description = s.ui("ui.rm_due", n=self.doc.statement_due_working_day)
        self.on_time.description = s.ui("ui.rm_handed_in")
        relabel_options(
            self.on_time, [(s.ui("ui.rm_on_time"), "on_time"), (s.ui("ui.rm_late"), "late")]
        )
        self.review.description = s.ui("ui.rm_review_by", n=self.doc.review_by_working_day)

    def answer(self) -> dict[str, str | None]:
        return {
            "due": self.due.value.isoformat() if self.due.value else None,
            "on_time": self.on_time.value,
            "review": self.review.value.isoformat() if self.review.value else None,
        }

    def grade(self, answer: dict[str, str | None]) -> Result:
        on_time = {"on_time": True, "late": False}.get(answer.get("on_time") or "")
        return spending.grade_statement(
            self.doc,
            self.case,
            _day(answer.get("due")),
            on_time,
            _day(answer.get("review")),
            self.session.lib,
        )


class AdvanceView(ExerciseView):
    """Judge a rep's request for a cash advance against the cap."""

    module = MODULE
    doc_kind = "spending_rules"

    def __init__(self, session: Session, case_id: str) -> None:
        doc, self.case = find_item(session, "spending_rules", case_id, "advances")
        self.doc: SpendingDoc = doc
        super().__init__(session, doc.id, self.case.name)

    def build(self) -> list[w.Widget]:
        self.description = styled(w.HTML(), "text")
        self.over = styled(w.ToggleButtons(options=[], value=None), "toggles")
        self.room = styled(w.Text(), "field")
        return [self.description, self.over, self.room]

    def relabel(self) -> None:
        s = self.session
        self.description.value = text_html(s.text(self.case.description))
        self.over.description = s.ui("ui.rm_cap", cap=f"{self.doc.advance_cap:,.0f}")
        relabel_options(self.over, [(s.ui("ui.rm_within"), "within"), (s.ui("ui.rm_over"), "over")])
        self.room.description = s.ui("ui.rm_room")

    def answer(self) -> dict[str, str | None]:
        return {"over": self.over.value, "room": self.room.value}

    def is_empty(self, answer: dict[str, str | None]) -> bool:
        return not answer.get("over") and not has_content(answer.get("room"))

    def grade(self, answer: dict[str, str | None]) -> Result:
        over = {"over": True, "within": False}.get(answer.get("over") or "")
        return spending.grade_advance(
            self.doc, self.case, over, _number(answer.get("room")), self.session.lib
        )
