"""Relationship spending rules: which claims are paid, when statements are due and
reviewed (in working days), and whether an advance stays under the cap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from helpers.learner.exercises.calendar import day_label, weekday_label
from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import AdvanceCase, Claim, SpendingDoc, StatementCase, Text

CONDITIONS: tuple[str, ...] = ("sell_through", "payment")
"""What must be done before relationship spending is paid."""


def working_days(
    month: dt.date, days_off: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()
) -> list[dt.date]:
    """The working days of ``month`` in order.

    Monday to Friday, less the public holidays in ``days_off``, plus the
    weekend days in ``workdays`` worked in exchange for a holiday.
    """
    off, worked = set(days_off), set(workdays)
    day, out = month.replace(day=1), []
    while day.month == month.month:
        if day in worked or (day.weekday() < 5 and day not in off):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def nth_working_day(case: StatementCase, n: int) -> dt.date:
    """The ``n``-th working day of the case's month."""
    return working_days(case.month, case.days_off, case.workdays)[n - 1]


def _days_text(case: StatementCase, n: int) -> Text:
    """The first ``n`` working days, each with its weekday, e.g. 8日（周四）."""
    days = working_days(case.month, case.days_off, case.workdays)[:n]
    return msg(
        "rm.days_list",
        days=[msg("rm.day_with_weekday", day=day_label(d), weekday=weekday_label(d)) for d in days],
    )


def grade_claim(
    claim: Claim,
    decision: str | None,
    missing: Sequence[str],
    lib: Library | None = None,
) -> Result:
    """Grade deciding whether a claim for relationship spending is paid now.

    One point for the decision ("pay" only when the goods have sold through
    and the customer has paid, otherwise "hold"), one for naming exactly what
    is still missing (nothing, when it is paid).

    Parameters
    ----------
    claim : Claim
        The claim and where sell-through and payment stand.
    decision : str or None
        "pay" or "hold".
    missing : sequence of str
        Of :data:`CONDITIONS`: what the learner says is still missing.
    lib : Library, optional
        For the glossary name of the rule.

    Returns
    -------
    Result
        Out of 2.
    """
    exercise_id = f"spend_claim:{claim.id}"
    if not decision and not missing:
        return empty_answer(exercise_id, 2)
    step = method_name(lib, "paid_after_sales")
    lacking = [
        c for c, done in zip(CONDITIONS, (claim.sold_through, claim.paid), strict=True) if not done
    ]
    names = [msg(f"rm.condition.{c}") for c in lacking]
    want = "hold" if lacking else "pay"
    ok = decision == want
    if want == "pay":
        text = msg("fb.rm_claim_pay" if ok else "fb.rm_claim_should_pay")
    else:
        text = msg("fb.rm_claim_hold" if ok else "fb.rm_claim_should_hold", missing=names)
    items = [Feedback("decision", ok, named(text, step), "paid_after_sales", float(ok))]
    said = set(missing)
    ok = said == set(lacking)
    if ok:
        text = msg("fb.rm_claim_reasons_right" if lacking else "fb.rm_claim_nothing_missing")
    elif lacking:
        text = msg("fb.rm_claim_reasons_wrong", missing=names)
    else:
        text = msg("fb.rm_claim_nothing_missing_wrong")
    items.append(Feedback("missing", ok, named(text, step), "paid_after_sales", float(ok)))
    return Result.from_points(exercise_id, items, 2.0, "paid_after_sales").with_rule(
        "rule.rm_claim"
    )


def grade_statement(
    doc: SpendingDoc,
    case: StatementCase,
    due: dt.date | None,
    on_time: bool | None,
    review_by: dt.date | None,
    lib: Library | None = None,
) -> Result:
    """Grade working out a statement's due day, whether it was on time, and its review day.

    One point each: the due day (the document's working day of the month,
    counting neither weekends nor holidays but counting weekend days worked),
    whether the statement handed in was on time (by the end of the due day),
    and the day the review must be done by.

    Parameters
    ----------
    doc : SpendingDoc
        The working days the rules set.
    case : StatementCase
        The month, its holidays and weekend days worked, and when it was handed in.
    due, review_by : date or None
        The learner's days.
    on_time : bool or None
        Whether the learner says it was on time.
    lib : Library, optional
        For the glossary name of the rule.

    Returns
    -------
    Result
        Out of 3.
    """
    exercise_id = f"spend_statement:{case.id}"
    if due is None and on_time is None and review_by is None:
        return empty_answer(exercise_id, 3)
    step = method_name(lib, "statement_deadlines")
    n_due, n_review = doc.statement_due_working_day, doc.review_by_working_day
    right_due = nth_working_day(case, n_due)
    right_review = nth_working_day(case, n_review)
    items = []
    for part, got, right, n in (
        ("due", due, right_due, n_due),
        ("review", review_by, right_review, n_review),
    ):
        ok = got == right
        values = {"n": n, "day": day_label(right), "weekday": weekday_label(right)}
        key = f"fb.rm_{part}_right" if ok else f"fb.rm_{part}_wrong"
        text = msg(key, **values, days=_days_text(case, n))
        items.append(Feedback(part, ok, named(text, step), "statement_deadlines", float(ok)))
    was_on_time = case.submitted <= right_due
    ok = on_time is was_on_time
    key = "fb.rm_on_time" if was_on_time else "fb.rm_late"
    text = msg(key, submitted=day_label(case.submitted), due=day_label(right_due))
    if not ok:
        text = msg("fb.rm_lateness_wrong", text=text)
    items.insert(1, Feedback("on_time", ok, named(text, step), "statement_deadlines", float(ok)))
    return Result.from_points(exercise_id, items, 3.0, "statement_deadlines").with_rule(
        "rule.rm_statement"
    )


def advance_room(doc: SpendingDoc, case: AdvanceCase) -> float:
    """The most this request may be: the cap less what is outstanding, never below 0."""
    return max(0.0, doc.advance_cap - case.outstanding)


def grade_advance(
    doc: SpendingDoc,
    case: AdvanceCase,
    over: bool | None,
    room: float | None,
    lib: Library | None = None,
) -> Result:
    """Grade judging an advance against the cap.

    One point for saying whether what is outstanding plus the request goes
    over the cap, one for the most this request may be (the cap less what is
    outstanding; nothing once the outstanding advances fill the cap).

    Parameters
    ----------
    doc : SpendingDoc
        The cap.
    case : AdvanceCase
        What is outstanding and what is asked for.
    over : bool or None
        Whether the learner says the request goes over the cap.
    room : float or None
        The most the learner says this request may be, in yuan.
    lib : Library, optional
        For the glossary name of the rule.

    Returns
    -------
    Result
        Out of 2.
    """
    exercise_id = f"spend_advance:{case.id}"
    if over is None and room is None:
        return empty_answer(exercise_id, 2)
    step = method_name(lib, "advance_cap")
    total = case.outstanding + case.requested
    is_over = total > doc.advance_cap
    values = {
        "outstanding": f"{case.outstanding:,.0f}",
        "requested": f"{case.requested:,.0f}",
        "total": f"{total:,.0f}",
        "cap": f"{doc.advance_cap:,.0f}",
    }
    ok = over is is_over
    text = msg("fb.rm_advance_over" if is_over else "fb.rm_advance_within", **values)
    if not ok:
        text = msg("fb.rm_advance_wrong", text=text)
    items = [Feedback("over", ok, named(text, step), "advance_cap", float(ok))]
    right = advance_room(doc, case)
    ok = room is not None and abs(room - right) < 0.5
    key = "fb.rm_room_right" if ok else "fb.rm_room_wrong"
    if right == 0:
        key += "_none"
    text = msg(key, room=f"{right:,.0f}", **values)
    items.append(Feedback("room", ok, named(text, step), "advance_cap", float(ok)))
    return Result.from_points(exercise_id, items, 2.0, "advance_cap").with_rule("rule.rm_advance")
