"""The weekly plan review: find the customer two reps both plan to visit, name the lead
and the assistant's share, and record a lost customer's reason and destination."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import Pick, PlanReviewCase, Text

SHARE_RANGE: tuple[float, float] = (5.0, 10.0)
"""The assistant's share of the commission, in per cent, lowest and highest."""

PAID_WHEN: tuple[str, ...] = ("signed", "each_payment", "paid_in_full")
"""When the assistant's share could be paid; only once the customer has paid in full is right."""


def _pick_line(
    item: str, picks: list[Pick], got: str | None, key: str, term: str, step: Text
) -> Feedback:
    right = next(p for p in picks if p.right)
    ok = got == right.id
    chosen = next((p.text for p in picks if p.id == got), None)
    if ok:
        text = msg(f"{key}_right", right=right.text)
    elif chosen is not None:
        text = msg(f"{key}_wrong", right=right.text, got=chosen)
    else:
        text = msg(f"{key}_missing", right=right.text)
    return Feedback(item, ok, named(text, step), term, float(ok))


def review_plans(
    case: PlanReviewCase, answer: Mapping[str, Any], lib: Library | None = None
) -> Result:
    """Grade settling a clash between two reps' plans and recording a lost customer.

    One point each for: the customer both plans name, the lead (the rep more
    likely to win it; the other assists), a share for the assistant within
    :data:`SHARE_RANGE`, paying it once the customer has paid in full, the
    lost customer's main reason and where the customer went.

    Parameters
    ----------
    case : PlanReviewCase
        The two plans, the lead the case supports and the lost customer's story.
    answer : mapping
        ``clash`` (customer id), ``lead`` (rep id), ``share`` (per cent),
        ``paid_when`` (one of :data:`PAID_WHEN`), ``reason`` and
        ``destination`` (option ids); None where not answered.
    lib : Library, optional
        For the glossary names of the meeting's rules.

    Returns
    -------
    Result
        Out of 6.
    """
    exercise_id = f"plan_review:{case.id}"
    if not any(v not in (None, "") for v in answer.values()):
        return empty_answer(exercise_id, 6)

    def step(term: str) -> Text:
        return method_name(lib, term)

    customers = {c.id: c.name for c in case.customers}
    reps = {r.id: r.name for r in case.reps}
    clash = case.clashes()[0]
    items = []
    got = answer.get("clash")
    ok = got == clash
    if ok:
        text = msg("fb.wr_clash_right", customer=customers[clash])
    elif got in customers:
        text = msg("fb.wr_clash_wrong", customer=customers[clash], got=customers[got])
    else:
        text = msg("fb.wr_clash_missing", customer=customers[clash])
    items.append(Feedback("clash", ok, named(text, step("wr_plans")), "wr_plans", float(ok)))
    assistant = next(r for r in reps if r != case.lead)
    got = answer.get("lead")
    ok = got == case.lead
    key = "fb.wr_lead_right" if ok else "fb.wr_lead_wrong"
    text = msg(key, lead=reps[case.lead], assistant=reps[assistant], why=case.why_lead)
    term = "wr_lead_assistant"
    items.append(Feedback("lead", ok, named(text, step(term)), term, float(ok)))
    share = answer.get("share")
    low, high = SHARE_RANGE
    ok = isinstance(share, int | float) and low <= share <= high
    if isinstance(share, int | float):
        key = "fb.wr_share_right" if ok else "fb.wr_share_wrong"
        text = msg(key, low=f"{low:g}", high=f"{high:g}", got=f"{share:g}%")
    else:
        text = msg("fb.wr_share_missing", low=f"{low:g}", high=f"{high:g}")
    items.append(Feedback("share", ok, named(text, step("wr_share")), "wr_share", float(ok)))
    ok = answer.get("paid_when") == "paid_in_full"
    key = "fb.wr_paid_right" if ok else "fb.wr_paid_wrong"
    items.append(
        Feedback("paid_when", ok, named(msg(key), step("wr_share")), "wr_share", float(ok))
    )
    record = step("wr_lost_record")
    items.append(
        _pick_line(
            "reason", case.reasons, answer.get("reason"), "fb.wr_reason", "wr_lost_record", record
        )
    )
    items.append(
        _pick_line(
            "destination",
            case.destinations,
            answer.get("destination"),
            "fb.wr_destination",
            "wr_lost_record",
            record,
        )
    )
    result = Result.from_points(exercise_id, items, 6.0)
    return result.with_rule("rule.plan_review")
