"""What losing a customer costs: the documents' multiples of keeping one, worked out."""

from __future__ import annotations

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import CareProgrammeDoc, RetentionCase


def win_costs(programme: CareProgrammeDoc, case: RetentionCase) -> tuple[float, float]:
    """The least and the most winning a replacement costs, by the programme's multiples."""
    factors = programme.win_cost_factors
    return case.keep_cost * min(factors), case.keep_cost * max(factors)


def check_retention(
    programme: CareProgrammeDoc,
    case: RetentionCase,
    low: float | None,
    high: float | None,
    lib: Library | None = None,
) -> Result:
    """Grade working out what winning a replacement customer would cost.

    One point for the least (the keeping cost times the smaller multiple) and
    one for the most (times the larger), each right to within half a yuan.

    Parameters
    ----------
    programme : CareProgrammeDoc
        The multiples the documents quote.
    case : RetentionCase
        What keeping the customer costs a year.
    low, high : float or None
        The learner's figures, in yuan.
    lib : Library, optional
        For the glossary name of the rule.

    Returns
    -------
    Result
        Out of 2.
    """
    exercise_id = f"retention:{case.id}"
    if low is None and high is None:
        return empty_answer(exercise_id, 2)
    step = method_name(lib, "retention_cost")
    least, most = win_costs(programme, case)
    factors = (min(programme.win_cost_factors), max(programme.win_cost_factors))
    items = []
    for part, got, right, factor in (
        ("low", low, least, factors[0]),
        ("high", high, most, factors[1]),
    ):
        ok = got is not None and abs(got - right) < 0.5
        values = {
            "keep": f"{case.keep_cost:,.0f}",
            "factor": f"{factor:g}",
            "cost": f"{right:,.0f}",
        }
        text = msg("fb.rm_cost_right" if ok else "fb.rm_cost_wrong", **values)
        items.append(Feedback(part, ok, named(text, step), "retention_cost", float(ok)))
    items.append(Feedback("why", True, case.why))
    return Result.from_points(exercise_id, items, 2.0, "retention_cost").with_rule(
        "rule.rm_retention"
    )
