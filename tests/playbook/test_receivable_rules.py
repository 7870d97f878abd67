"""The receivables rules shared by the module 08 exercise and the coaching report."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.playbook.receivable_rules import (
    class_b_from,
    class_c_from,
    limited_by_completion,
    receivable_class,
    supply_action,
)

D = dt.date


@pytest.mark.parametrize(
    ("due", "completed", "b_from", "by_completion"),
    [
        (D(2025, 3, 31), None, D(2026, 3, 31), False),
        # topped out 18 months before the due date's year runs out: topping out decides
        (D(2025, 12, 31), D(2024, 6, 30), D(2025, 12, 30), True),
        (D(2025, 1, 31), D(2024, 6, 30), D(2025, 12, 30), True),
        (D(2024, 12, 1), D(2024, 6, 30), D(2025, 12, 1), False),
    ],
)
def test_class_b_begins_at_the_earlier_limit(
    due: dt.date, completed: dt.date | None, b_from: dt.date, by_completion: bool
) -> None:
    assert class_b_from(due, completed) == b_from
    assert limited_by_completion(due, completed) is by_completion
    assert receivable_class(due, completed, b_from) == "rc_a"
    assert receivable_class(due, completed, b_from + dt.timedelta(days=1)) == "rc_b"


def test_class_c_six_months_after_class_b() -> None:
    due = D(2024, 8, 31)
    assert class_b_from(due) == D(2025, 8, 31)
    assert class_c_from(due) == D(2026, 2, 28)  # the end of a shorter month
    assert receivable_class(due, None, D(2026, 2, 28)) == "rc_b"
    assert receivable_class(due, None, D(2026, 3, 1)) == "rc_c"


@pytest.mark.parametrize(
    ("sent", "want"), [(0, "remind"), (1, "remind"), (2, "final"), (3, "stop"), (7, "stop")]
)
def test_three_reminders_then_supply_stops(sent: int, want: str) -> None:
    assert supply_action(sent) == want
