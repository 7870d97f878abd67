"""The customer file and the quarter's maintenance calendar, checked against the programme.

The learner first sorts what they heard about a customer into what belongs in
the basic file and what does not, then places actions (care calls, visits,
greetings, responses to events, a small training) on dates of a quarter. The
calendar check names what is missing (a month with no visit, an event with no
response, care calls on one fixed day or time) and what is overdone (more
visits than the grade warrants, gifts too big), each with the rule it breaks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import (
    EVENT_TERMS,
    ON_SITE,
    CareLine,
    CareProgrammeDoc,
    CustomerCase,
    GradeRule,
    Text,
    quarter_end,
)

TIMES: tuple[str, ...] = ("am", "pm", "evening")
"""The times of day a calendar action can be set for."""


def month_label(month: int) -> Text:
    """The name of a month (1 to 12), e.g. 2 月 / February."""
    return msg(f"rm.month.{month}")


def day_label(day: dt.date) -> Text:
    """A date in words, e.g. 1月19日 / 19 January."""
    return msg("rm.day", d=day.day, month=month_label(day.month))


def weekday_label(day: dt.date) -> Text:
    """The day of the week of ``day``, e.g. 周二 / Tuesday."""
    return msg(f"rm.weekday.{day.weekday()}")


def check_file_notes(
    case: CustomerCase, ticked: Sequence[str], lib: Library | None = None
) -> Result:
    """Grade sorting what the rep heard into the basic customer file or not.

    One point per note: ticked when it belongs in the basic file, left alone
    when it does not (a confidence, a competitor's price). Each line says why.

    Parameters
    ----------
    case : CustomerCase
        The customer and the notes about them.
    ticked : sequence of str
        Ids of the notes the learner put in the basic file.
    lib : Library, optional
        For the glossary name of the customer file.

    Returns
    -------
    Result
        Out of the number of notes.
    """
    exercise_id = f"care_file:{case.id}"
    n = float(len(case.notes))
    chosen = set(ticked)
    if not chosen:
        return empty_answer(exercise_id, n)
    step = method_name(lib, "customer_file")
    items: list[Feedback] = [
        Feedback(t, False, msg("fb.unknown_option", name=t))
        for t in sorted(chosen - {note.id for note in case.notes})
    ]
    for note in case.notes:
        ok = (note.id in chosen) == note.basic
        if note.basic:
            key = "fb.rm_note_in" if ok else "fb.rm_note_left_out"
        else:
            key = "fb.rm_note_kept_out" if ok else "fb.rm_note_not_basic"
        text = named(msg(key, note=note.text, why=note.why), step)
        items.append(Feedback(note.id, ok, text, "customer_file", float(ok)))
    return Result.from_points(exercise_id, items, n, "customer_file").with_rule("rule.rm_file")


@dataclass(frozen=True)
class Planned:
    """One action placed in the calendar."""

    line: CareLine
    day: dt.date
    time: str | None


@dataclass(frozen=True)
class QuarterEvent:
    """Something in the quarter the calendar must answer."""

    id: str
    kind: str
    day: dt.date
    name: Text


def _in_quarter(case: CustomerCase, month_day: str | None) -> dt.date | None:
    if month_day is None:
        return None
    month, day = (int(p) for p in month_day.split("-"))
    try:
        when = dt.date(case.quarter.year, month, day)
    except ValueError:  # 29 February in a common year
        when = dt.date(case.quarter.year, month, day - 1)
    return when if case.quarter <= when <= quarter_end(case.quarter) else None


def quarter_events(case: CustomerCase, programme: CareProgrammeDoc) -> list[QuarterEvent]:
    """Every event of the quarter that calls for a response, in date order.

    The birthday and the store anniversary from the file, the programme's
    festivals, and the case's own events, when they fall in the quarter.
    """
    out: list[QuarterEvent] = []
    for event_id in ("birthday", "store_anniversary"):
        day = _in_quarter(case, getattr(case.file, event_id))
        if day is not None:
            out.append(QuarterEvent(event_id, event_id, day, msg(f"rm.kind.{event_id}")))
    end = quarter_end(case.quarter)
    out += [
        QuarterEvent(h.id, "holiday", h.date, h.name)
        for h in programme.holidays
        if case.quarter <= h.date <= end
    ]
    out += [QuarterEvent(e.id, e.kind, e.date, msg(f"rm.kind.{e.kind}")) for e in case.events]
    return sorted(out, key=lambda e: e.day)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _short(text: Text, n: int = 18) -> Text:
    def cut(value: str, size: int) -> str:
        return value if len(value) <= size else value[: size - 1].rstrip() + "…"

    return Text(zh=cut(text.zh, n), en=cut(text.en, n * 2))


def _plan(
    case: CustomerCase, actions: Sequence[Mapping[str, Any]]
) -> tuple[list[Planned], list[Feedback]]:
    """The actions that can be checked, and a line for each that cannot."""
    lines = {ln.id: ln for ln in case.lines}
    start, end = case.quarter, quarter_end(case.quarter)
    planned: list[Planned] = []
    notes: list[Feedback] = []
    for row in actions:
        line_id = row.get("line") or None
        day = _as_date(row.get("date"))
        if line_id is None and day is None:
            continue
        if line_id is None:
            notes.append(Feedback("row", False, msg("fb.rm_no_action", day=day_label(day))))  # type: ignore[arg-type]
            continue
        line = lines.get(line_id)
        if line is None:
            notes.append(Feedback(line_id, False, msg("fb.unknown_option", name=line_id)))
            continue
        if day is None:
            notes.append(Feedback(line.id, False, msg("fb.rm_no_date", line=_short(line.text))))
            continue
        if not start <= day <= end:
            text = msg("fb.rm_outside", line=_short(line.text), day=day_label(day))
            notes.append(Feedback(line.id, False, text))
            continue
        time = row.get("time") if row.get("time") in TIMES else None
        planned.append(Planned(line, day, time))
    return planned, notes


def check_calendar(
    case: CustomerCase,
    programme: CareProgrammeDoc,
    grade: GradeRule,
    actions: Sequence[Mapping[str, Any]],
    lib: Library | None = None,
) -> Result:
    """Check a quarter's maintenance calendar against the programme's rules.

    Points, each on its own line naming the rule:

    - one per month of the quarter whose on-site visits (visits, support
      visits, trainings, counted once a day) are at least the grade's monthly
      visits and at most the programme's cap (none: missing; more: overdone);
      a visit with a gift too big is not counted;
    - one when the care visits bring a small gift and leaders' greetings, in
      at least the programme's number of months (no visit at all, too few
      months, a gift too big or a visit with neither loses it);
    - one for enough care calls, one for calls at irregular times (not all in
      one month, not all on one day of the month, not all on one weekday, not
      all at one time of day), one when no care call talks business;
    - one for a small training for the customer's staff;
    - one per event of the quarter (birthday, store anniversary, festivals,
      the case's events) answered by a fitting action within the rule's
      window, with no flawed line among the answers to it.

    Parameters
    ----------
    case : CustomerCase
        The customer, the quarter, its events and the actions to choose from.
    programme : CareProgrammeDoc
        The numbers and event rules of the programme.
    grade : GradeRule
        The cadence rule of the customer's grade.
    actions : sequence of mappings
        Each with ``line`` (a line id), ``date`` (a date or ISO string) and
        ``time`` ("am", "pm", "evening" or None). Rows with neither a line nor
        a date are ignored; the others that cannot be placed are named.
    lib : Library, optional
        For the glossary names of the rules.

    Returns
    -------
    Result
        Out of 8 plus the number of events in the quarter.
    """
    exercise_id = f"care_calendar:{case.id}"
    events = quarter_events(case, programme)
    events = [e for e in events if programme.rule_for(e.kind) is not None]
    max_score = float(8 + len(events))
    planned, items = _plan(case, actions)
    if not planned and not items:
        return empty_answer(exercise_id, max_score)

    def line(item: str, ok: bool, text: Text, term: str, points: float | None) -> Feedback:
        return Feedback(item, ok, named(text, method_name(lib, term)), term, points)

    items += _month_lines(case, programme, grade, planned, line)
    items += _call_lines(programme, planned, line)
    trainings = sum(1 for p in planned if p.line.action == "training")
    want = programme.trainings_per_quarter_min
    ok = trainings >= want
    key = "fb.rm_training_ok" if ok else "fb.rm_training_missing"
    items.append(
        line("training", ok, msg(key, n=trainings, want=want), "staff_training", float(ok))
    )
    for event in events:
        items += _event_lines(event, programme, planned, line)
    result = Result.from_points(exercise_id, items, max_score)
    return result.with_rule("rule.rm_calendar", n=len(events))


def _month_lines(
    case: CustomerCase,
    programme: CareProgrammeDoc,
    grade: GradeRule,
    planned: list[Planned],
    line: Any,
) -> list[Feedback]:
    """A line per month for the number of visits, and one for what the visits bring.

    A visit with a gift too big is no care visit: it does not count towards its month.
    """
    out: list[Feedback] = []
    least = math.ceil(grade.min_visits_per_month)
    most = programme.visits_per_month_max
    on_site = [p for p in planned if p.line.action in ON_SITE]
    for k in range(3):
        month = (case.quarter.month - 1 + k) % 12 + 1
        here = [p for p in on_site if p.day.month == month]
        n = len({p.day for p in here if p.line.flaw != "gift_too_big"})
        big_gift = any(p.line.flaw == "gift_too_big" for p in here)
        values = {"month": month_label(month), "n": n, "grade": grade.id, "min": least}
        if n == 0 and big_gift:
            text, ok = msg("fb.rm_month_big_gift_only", **values), False
        elif n < least:
            text, ok = msg("fb.rm_month_missing", **values), False
        elif n > most:
            text, ok = msg("fb.rm_month_over", **values, max=most), False
        else:
            text, ok = msg("fb.rm_month_ok", **values, max=most), True
        if big_gift and n > 0:
            text = msg("fb.rm_month_big_gift_left_out", text=text)
        out.append(line(f"month_{month}", ok, text, "monthly_visits", float(ok)))
    visits = [p for p in planned if p.line.action == "visit"]
    if not visits:
        out.append(line("visits", False, msg("fb.rm_visit_none"), "monthly_visits", 0.0))
        return out
    flawed = {p.line.id: p.line for p in visits if p.line.flaw is not None}
    problems = [
        msg("fb.rm_flaw", flaw=msg(f"rm.flaw.{bad.flaw}"), line=bad.text, why=bad.why)
        for bad in flawed.values()
    ]
    months = {p.day.month for p in visits if p.line.flaw is None}
    want = programme.care_visit_months_min
    if len(months) < want:
        problems.append(msg("fb.rm_visit_months_few", n=len(months), want=want))
    if not problems:
        out.append(line("visits", True, msg("fb.rm_visits_ok"), "monthly_visits", 1.0))
    for n, text in enumerate(problems):
        out.append(line("visits", False, text, "monthly_visits", 0.0 if n == 0 else None))
    return out


def _call_lines(programme: CareProgrammeDoc, planned: list[Planned], line: Any) -> list[Feedback]:
    """How many care calls, whether their days and times vary, whether they talk business.

    Calls vary when they are spread over more than one month and fall neither on
    one day of the month, nor on one weekday, nor at one time of day.
    """
    calls = sorted((p for p in planned if p.line.action == "care_call"), key=lambda p: p.day)
    want = programme.care_calls_per_quarter_min
    ok = len(calls) >= want
    key = "fb.rm_calls_ok" if ok else "fb.rm_calls_few"
    out = [line("calls", ok, msg(key, n=len(calls), want=want), "care_calls", float(ok))]
    weekdays = {p.day.weekday() for p in calls}
    times = [p.time for p in calls]
    if len(calls) < 2:
        text, ok = msg("fb.rm_calls_too_few_to_vary"), False
    elif len({p.day.month for p in calls}) == 1:
        text, ok = msg("fb.rm_calls_one_month", month=month_label(calls[0].day.month)), False
    elif len({p.day.day for p in calls}) == 1:
        text, ok = msg("fb.rm_calls_same_date", d=calls[0].day.day), False
    elif len(weekdays) == 1:
        text, ok = msg("fb.rm_calls_same_day", weekday=weekday_label(calls[0].day)), False
    elif None not in times and len(set(times)) == 1:
        text, ok = msg("fb.rm_calls_same_time", time=msg(f"ui.{times[0]}")), False
    else:
        text, ok = msg("fb.rm_calls_irregular"), True
    out.append(line("calls_irregular", ok, text, "care_calls", float(ok)))
    talk = [p.line for p in calls if p.line.flaw == "business_talk"]
    if not calls:
        out.append(line("calls_talk", False, msg("fb.rm_calls_none"), "care_calls", 0.0))
    elif not talk:
        out.append(line("calls_talk", True, msg("fb.rm_calls_no_business"), "care_calls", 1.0))
    for n, bad in enumerate({t.id: t for t in talk}.values()):
        text = msg("fb.rm_flaw", flaw=msg("rm.flaw.business_talk"), line=bad.text, why=bad.why)
        out.append(line("calls_talk", False, text, "care_calls", 0.0 if n == 0 else None))
    return out


def _event_lines(
    event: QuarterEvent, programme: CareProgrammeDoc, planned: list[Planned], line: Any
) -> list[Feedback]:
    """Whether ``event`` is answered by a fitting action, in time, in the right words."""
    rule = programme.rule_for(event.kind)
    assert rule is not None
    term = EVENT_TERMS[event.kind]
    when = day_label(event.day)
    answers = [p for p in planned if p.line.event == event.id]
    fitting = [
        p
        for p in answers
        if p.line.action in rule.actions
        and rule.window.start <= (p.day - event.day).days <= rule.window.end
    ]
    good = [p for p in fitting if p.line.flaw is None]
    flawed = {p.line.id: p.line for p in answers if p.line.flaw is not None}
    values = {"event": event.name, "day": when, "rule": rule.rule}
    out: list[Feedback] = []
    if good:
        # a flawed line beside the right one still costs the event's point
        points = None if flawed else 1.0
        out.append(line(event.id, True, msg("fb.rm_event_ok", **values), term, points))
        for n, bad in enumerate(flawed.values()):
            flaw = msg(f"rm.flaw.{bad.flaw}")
            text = msg("fb.rm_flaw", flaw=flaw, line=bad.text, why=bad.why)
            out.append(line(event.id, False, text, term, 0.0 if n == 0 else None))
    elif not answers:
        out.append(line(event.id, False, msg("fb.rm_event_missing", **values), term, 0.0))
    elif fitting:
        bad = fitting[0].line
        flaw = msg(f"rm.flaw.{bad.flaw}")
        text = msg("fb.rm_event_flawed", **values, flaw=flaw, why=bad.why)
        out.append(line(event.id, False, text, term, 0.0))
    else:
        got = [day_label(p.day) for p in answers]
        out.append(line(event.id, False, msg("fb.rm_event_timing", **values, got=got), term, 0.0))
    return out
