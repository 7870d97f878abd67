"""Every shipped item of module 07 played through its grading function: the model answer
earns full marks, the boundary days of each rule count and the day beyond does not, and
each wrong option costs its point."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest

from helpers.learner.exercises import spending
from helpers.learner.exercises.calendar import check_calendar, check_file_notes, quarter_events
from helpers.learner.exercises.care_events import grade_event_response
from helpers.learner.exercises.quiz import grade_quiz
from helpers.learner.exercises.retention import check_retention, win_cost
from helpers.learner.progress import TOPIC_MODULE
from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.playbook.models import EVENT_TERMS, CustomerCase, quarter_end
from tests.learner.prose import punctuation_faults

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(PROJECT / "playbooks")


def _cases(lib: Library) -> list[CustomerCase]:
    return [c for d in lib.of_kind("customer_files") for c in d.cases]


def _model_plan(lib: Library, case: CustomerCase, shift: dict[str, int] | None = None) -> list:
    """A plan that meets every rule: each event answered by its first unflawed line on the
    first day of its window (or ``shift[event]`` days from the event), one unflawed visit a
    month, the care calls on days and times that vary, and the training."""
    programme = lib.of_kind("care_programme")[0]
    start, end = case.quarter, quarter_end(case.quarter)
    rows = []
    for event in quarter_events(case, programme):
        rule = programme.rule_for(event.kind)
        assert rule is not None
        line = next(
            ln
            for ln in case.lines
            if ln.event == event.id and ln.flaw is None and ln.action in rule.actions
        )
        offset = (shift or {}).get(event.id, rule.window.start)
        rows.append({"line": line.id, "date": event.day + dt.timedelta(days=offset)})
    visit = next(ln for ln in case.lines if ln.action == "visit" and ln.flaw is None)
    on_site = {
        r["date"]
        for r in rows
        if r["line"] in {ln.id for ln in case.lines if ln.action == "support"}
    }
    for k in range(3):
        first = (start.replace(day=1) + dt.timedelta(days=31 * k)).replace(day=1)
        if not any(d.month == first.month for d in on_site):
            rows.append({"line": visit.id, "date": first + dt.timedelta(days=9)})
    calls = [ln for ln in case.lines if ln.action == "care_call" and ln.flaw is None]
    want = programme.care_calls_per_quarter_min
    for n in range(want):
        day = start + dt.timedelta(days=3 + 29 * n + n)
        rows.append(
            {"line": calls[n % len(calls)].id, "date": day, "time": ("am", "pm", "evening")[n % 3]}
        )
    training = next(ln for ln in case.lines if ln.action == "training")
    rows.append({"line": training.id, "date": start + dt.timedelta(days=40)})
    assert all(start <= r["date"] <= end for r in rows)
    return rows


def _calendar(lib: Library, case: CustomerCase, rows: list):
    programme = lib.of_kind("care_programme")[0]
    assert lib.cadence is not None
    grade = next(g for g in lib.cadence.grades if g.id == case.file.grade)
    return check_calendar(case, programme, grade, rows, lib)


def test_every_customer_file_sorts_to_full_marks(lib: Library) -> None:
    for case in _cases(lib):
        basic = [n.id for n in case.notes if n.basic]
        assert check_file_notes(case, basic, lib).score == len(case.notes)
        everything = check_file_notes(case, [n.id for n in case.notes], lib)
        assert everything.score == len(basic)


def test_every_calendar_model_plan_earns_full_marks(lib: Library) -> None:
    for case in _cases(lib):
        result = _calendar(lib, case, _model_plan(lib, case))
        assert result.score == result.max_score, [f.text.en for f in result.items if not f.ok]


def test_every_event_window_counts_its_last_day_and_not_the_next(lib: Library) -> None:
    programme = lib.of_kind("care_programme")[0]
    for case in _cases(lib):
        for event in quarter_events(case, programme):
            rule = programme.rule_for(event.kind)
            assert rule is not None
            for offset, ok in ((rule.window.end, True), (rule.window.end + 1, False)):
                day = event.day + dt.timedelta(days=offset)
                if not case.quarter <= day <= quarter_end(case.quarter):
                    continue
                result = _calendar(lib, case, _model_plan(lib, case, {event.id: offset}))
                line = next(f for f in result.items if f.item == event.id and f.points is not None)
                assert line.ok is ok, (case.id, event.id, offset)


def test_every_event_response_model_and_each_wrong_move(lib: Library) -> None:
    for case in (c for d in lib.of_kind("event_responses") for c in d.cases):
        action = next(a.id for a in case.actions if a.fits)
        timing = next(t.id for t in case.timings if t.fits)
        right = [p.id for p in case.lines if p.right]
        assert grade_event_response(case, action, timing, right, lib).score == 3
        for wrong in (a.id for a in case.actions if not a.fits):
            assert grade_event_response(case, wrong, timing, right, lib).score == 2
        for wrong in (t.id for t in case.timings if not t.fits):
            assert grade_event_response(case, action, wrong, right, lib).score == 2
        for wrong in (p.id for p in case.lines if not p.right):
            assert grade_event_response(case, action, timing, [*right, wrong], lib).score < 3


def test_every_retention_case_and_spending_case_has_a_full_mark_answer(lib: Library) -> None:
    programme = lib.of_kind("care_programme")[0]
    for case in programme.retention:
        cost = win_cost(programme, case)
        assert check_retention(programme, case, cost, lib).score == 1
        assert check_retention(programme, case, cost + 1, lib).score == 0
    for doc in lib.of_kind("spending_rules"):
        for claim in doc.claims:
            missing = [
                c
                for c, done in zip(
                    spending.CONDITIONS, (claim.sold_through, claim.paid), strict=True
                )
                if not done
            ]
            decision = "hold" if missing else "pay"
            assert spending.grade_claim(claim, decision, missing, lib).score == 2
            other = "pay" if missing else "hold"
            assert spending.grade_claim(claim, other, missing, lib).score == 1
        for statement in doc.statements:
            due = spending.nth_working_day(statement, doc.statement_due_working_day)
            review = spending.nth_working_day(statement, doc.review_by_working_day)
            on_time = statement.submitted <= due
            result = spending.grade_statement(doc, statement, due, on_time, review, lib)
            assert result.score == 3
            naive = statement.month.replace(day=doc.statement_due_working_day)
            if naive != due:
                assert (
                    spending.grade_statement(doc, statement, naive, on_time, review, lib).score == 2
                )
        for advance in doc.advances:
            over = advance.outstanding + advance.requested > doc.advance_cap
            room = spending.advance_room(doc, advance)
            assert spending.grade_advance(doc, advance, over, room, lib).score == 2
            assert spending.grade_advance(doc, advance, not over, room, lib).score == 1


def test_every_module_quiz_item_has_a_full_mark_answer(lib: Library) -> None:
    items = [
        i
        for d in lib.of_kind("quiz")
        for i in d.items
        if TOPIC_MODULE.get(i.topics[0]) == "07_relationship"
    ]
    assert items
    for item in items:
        right = [o.id for o in item.options if o.correct]
        assert math.isclose(grade_quiz(item, right, lib).score, 1.0)
        for wrong in (o.id for o in item.options if not o.correct):
            assert grade_quiz(item, [wrong], lib).score == 0


def test_an_advance_that_brings_the_total_exactly_to_the_cap_is_within(lib: Library) -> None:
    doc = lib.of_kind("spending_rules")[0]
    exact = [a for a in doc.advances if a.outstanding + a.requested == doc.advance_cap]
    assert exact, "no shipped advance sits exactly at the cap"
    for advance in exact:
        room = spending.advance_room(doc, advance)
        result = spending.grade_advance(doc, advance, False, room, lib)
        assert result.score == 2 and "Within the cap" in result.items[0].text.en
        assert spending.grade_advance(doc, advance, True, room, lib).score == 1


def _swap(rows: list, old: set[str], new: str) -> list:
    return [{**r, "line": new} if r["line"] in old else r for r in rows]


def test_a_visit_with_too_big_a_gift_does_not_count_towards_its_month(lib: Library) -> None:
    for case in _cases(lib):
        plan = _model_plan(lib, case)
        good = {ln.id for ln in case.lines if ln.action == "visit" and ln.flaw is None}
        big = next(ln for ln in case.lines if ln.flaw == "gift_too_big")
        other = {ln.id for ln in case.lines if ln.action in ("support", "training")}
        covered = {r["date"].month for r in plan if r["line"] in other}
        visited = {r["date"].month for r in plan if r["line"] in good}
        bribed = visited - covered
        assert bribed
        result = _calendar(lib, case, _swap(plan, good, big.id))
        for month in bribed:
            line = next(f for f in result.items if f.item == f"month_{month}")
            assert not line.ok and "the only visits bring too big a gift" in line.text.en
        for month in visited & covered:
            line = next(f for f in result.items if f.item == f"month_{month}")
            assert line.ok and "The visit with too big a gift is not counted" in line.text.en
        assert result.score == result.max_score - len(bribed) - 1


def _calls(case: CustomerCase, days: list[dt.date], time: str | None = None) -> list:
    line = next(ln for ln in case.lines if ln.action == "care_call" and ln.flaw is None)
    return [{"line": line.id, "date": d, "time": time} for d in days]


def _irregular(lib: Library, case: CustomerCase, calls: list):
    plan = [r for r in _model_plan(lib, case) if r.get("time") is None]
    result = _calendar(lib, case, [*plan, *calls])
    (line,) = [f for f in result.items if f.item == "calls_irregular"]
    return result, line


def test_care_calls_on_one_day_of_the_month_or_bunched_in_one_month_are_a_routine(
    lib: Library,
) -> None:
    for case in _cases(lib):
        start = case.quarter
        monthly = [start.replace(month=start.month + k, day=15) for k in range(3)]
        result, line = _irregular(lib, case, _calls(case, monthly))
        assert not line.ok and "day 15 of the month" in line.text.en
        assert "每月 15 日" in line.text.zh
        assert result.score == result.max_score - 1
        month = start.strftime("%B")
        for days in (
            [start + dt.timedelta(days=3 + n) for n in range(3)],
            [start + dt.timedelta(days=3)] * 3,
        ):
            result, line = _irregular(lib, case, _calls(case, days, "am"))
            assert not line.ok and f"bunched in {month}" in line.text.en, line.text.en
            assert result.score == result.max_score - 1


def test_a_flawed_line_beside_the_right_answer_costs_the_event_s_point(lib: Library) -> None:
    programme = lib.of_kind("care_programme")[0]
    for case in _cases(lib):
        events = {e.id: e for e in quarter_events(case, programme)}
        flawed = [ln for ln in case.lines if ln.flaw and ln.event in events]
        assert flawed
        for ln in flawed:
            event = events[ln.event]
            extra = {"line": ln.id, "date": event.day}
            result = _calendar(lib, case, [*_model_plan(lib, case), extra])
            assert result.score == result.max_score - 1, (case.id, ln.id)
            rule = programme.rule_for(event.kind)
            assert rule is not None
            assert result.missed == [EVENT_TERMS[event.kind]]
            assert any(
                f.text.en.startswith(f"{ln.text.en} This one is flawed because")
                for f in result.items
            )


def test_an_event_response_left_without_an_action_or_a_time_names_the_one_that_fits(
    lib: Library,
) -> None:
    for case in (c for d in lib.of_kind("event_responses") for c in d.cases):
        action = next(a for a in case.actions if a.fits)
        timing = next(t for t in case.timings if t.fits)
        result = grade_event_response(case, None, None, [p.id for p in case.lines], lib)
        by_part = {f.item: f.text for f in result.items}
        assert by_part["action"].en.startswith(
            f"You did not pick an action. The one that fits: {action.text.en}. "
        )
        assert by_part["timing"].en.startswith(
            f"You did not pick a time. The right time: {timing.text.en}. "
        )
        assert by_part["timing"].zh.startswith(f"还没选时间。合适的时间是：{timing.text.zh}。")


def _exercise_feedback(lib: Library) -> list:
    """The feedback of module 07's own exercises on model answers, wrong answers and rows off
    their dates (the quiz, whose messages every module shares, left out)."""
    items = []
    for case in _cases(lib):
        plan = _model_plan(lib, case)
        stray = [{"line": ln.id, "date": case.quarter + dt.timedelta(days=5)} for ln in case.lines]
        for rows in (plan, [*plan, *stray], stray):
            items += _calendar(lib, case, rows).items
        items += check_file_notes(case, [n.id for n in case.notes][:2], lib).items
    for case in (c for d in lib.of_kind("event_responses") for c in d.cases):
        everything = [p.id for p in case.lines]
        right = [p.id for p in case.lines if p.right]
        for action in [None, *(a.id for a in case.actions)]:
            items += grade_event_response(case, action, None, everything, lib).items
            items += grade_event_response(case, action, case.timings[0].id, right, lib).items
    for doc in lib.of_kind("spending_rules"):
        for advance in doc.advances:
            for room in (0.0, 100.0):
                items += spending.grade_advance(doc, advance, True, room, lib).items
        for statement in doc.statements:
            month = statement.month
            items += spending.grade_statement(doc, statement, month, True, month, lib).items
        for claim in doc.claims:
            for decision in ("pay", "hold"):
                items += spending.grade_claim(claim, decision, [], lib).items
    programme = lib.of_kind("care_programme")[0]
    for case in programme.retention:
        items += check_retention(programme, case, 0, lib).items
    return items


def _module_feedback(lib: Library) -> list:
    """The feedback of module 07 on model answers, wrong answers and rows off their dates."""
    items = _exercise_feedback(lib)
    for item in (
        i
        for d in lib.of_kind("quiz")
        for i in d.items
        if TOPIC_MODULE.get(i.topics[0]) == "07_relationship"
    ):
        for option in item.options:
            items += grade_quiz(item, [option.id], lib).items
    return items


DOUBLED_STOP = re.compile(r'。。|\.\.|[?!]\.|[。？！]”。|[.?!]"\.')
CJK_AGAINST_DIGIT = re.compile(r"[\u4e00-\u9fff][0-9]|[0-9][\u4e00-\u9fff]")


def test_module_feedback_has_no_doubled_stops_and_spaces_its_chinese_dates(lib: Library) -> None:
    items = _module_feedback(lib)
    assert len(items) > 100
    for f in items:
        for locale in ("zh", "en"):
            text = f.text.get(locale)
            assert not DOUBLED_STOP.search(text), text
        assert not CJK_AGAINST_DIGIT.search(f.text.zh), f.text.zh


def test_module_feedback_has_one_colon_to_a_sentence_and_no_dash_before_one(
    lib: Library,
) -> None:
    for f in _exercise_feedback(lib):
        assert not punctuation_faults(f.text.en), f.text.en
