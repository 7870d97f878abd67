"""What losing a customer costs: the documents' multiple of keeping one, worked out."""

from __future__ import annotations

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import CareProgrammeDoc, RetentionCase


def win_cost(programme: CareProgrammeDoc, case: RetentionCase) -> float:
    """What winning a replacement costs: the keeping cost times the programme's multiple."""
    return case.keep_cost * programme.win_cost_factor


def check_retention(
    programme: CareProgrammeDoc,
    case: RetentionCase,
    cost: float | None,
    lib: Library | None = None,
) -> Result:
    """Grade working out what winning a replacement customer would cost.

    One point for the keeping cost times the programme's multiple, right to
    within half a yuan.

    Parameters
    ----------
    programme : CareProgrammeDoc
        The multiple the documents quote.
    case : RetentionCase
        What keeping the customer costs a year.
    cost : float or None
        The learner's figure, in yuan.
    lib : Library, optional
        For the glossary name of the rule.

    Returns
    -------
    Result
        Out of 1.
    """
    exercise_id = f"retention:{case.id}"
    if cost is None:
        return empty_answer(exercise_id, 1)
    right = win_cost(programme, case)
    ok = abs(cost - right) < 0.5
    values = {
        "keep": f"{case.keep_cost:,.0f}",
        "factor": f"{programme.win_cost_factor:g}",
        "cost": f"{right:,.0f}",
    }
    text = msg("fb.rm_cost_right" if ok else "fb.rm_cost_wrong", **values)
    step = method_name(lib, "retention_cost")
    items = [
        Feedback("cost", ok, named(text, step), "retention_cost", float(ok)),
        Feedback("why", True, case.why),
    ]
    return Result.from_points(exercise_id, items, 1.0, "retention_cost").with_rule(
        "rule.rm_retention"
    )
