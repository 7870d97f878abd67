"""The method's rules for unpaid balances: classes A, B and C from the dates, and what the
formal reminders sent mean for supply.

A balance becomes class B the day after it is more than 18 months past topping out, or
more than a year past the contract's payment date (whichever comes first), and class C the
day after six more months. After three formal reminders sent unpaid, supply stops. The
module 08 exercise and the coaching report both classify with these functions.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

MONTHS_AFTER_TOPPING_OUT = 18
"""Months after topping out that a balance may stay with the rep."""

MONTHS_PAST_DUE = 12
"""Months past the contract's payment date that a balance may stay with the rep."""

MONTHS_WITH_TEAM = 6
"""Months the collection team has before a balance goes to legal action."""

REMINDERS_BEFORE_STOP = 3
"""Formal reminders sent unpaid after which supply stops."""

CLASSES: tuple[str, ...] = ("rc_a", "rc_b", "rc_c")
"""The classes, as terms of ``receivable_classes``."""

SUPPLY: tuple[str, ...] = ("remind", "final", "stop")
"""What the reminders sent mean: remind and keep supplying, send the third and last
reminder before supply stops, stop supply until the account is settled."""


def class_b_from(due: dt.date, completed: dt.date | None = None) -> dt.date:
    """The last day a balance is still class A; from the next day it is class B.

    Parameters
    ----------
    due : date
        The day the contract said the balance would be paid.
    completed : date, optional
        When the project was topped out (project customers only).
    """
    limits = [due + relativedelta(months=MONTHS_PAST_DUE)]
    if completed is not None:
        limits.append(completed + relativedelta(months=MONTHS_AFTER_TOPPING_OUT))
    return min(limits)


def class_c_from(due: dt.date, completed: dt.date | None = None) -> dt.date:
    """The last day a balance is still class B; from the next day it is class C."""
    return class_b_from(due, completed) + relativedelta(months=MONTHS_WITH_TEAM)


def limited_by_completion(due: dt.date, completed: dt.date | None = None) -> bool:
    """True when the topping-out date, not the payment date, ends class A."""
    return completed is not None and class_b_from(due, completed) == (
        completed + relativedelta(months=MONTHS_AFTER_TOPPING_OUT)
    )


def receivable_class(due: dt.date, completed: dt.date | None, as_of: dt.date) -> str:
    """The class (``rc_a``, ``rc_b`` or ``rc_c``) of a balance unpaid on ``as_of``."""
    if as_of > class_c_from(due, completed):
        return "rc_c"
    if as_of > class_b_from(due, completed):
        return "rc_b"
    return "rc_a"


def supply_action(reminders: int) -> str:
    """What the formal reminders already sent unpaid mean for supply (one of :data:`SUPPLY`)."""
    if reminders >= REMINDERS_BEFORE_STOP:
        return "stop"
    if reminders == REMINDERS_BEFORE_STOP - 1:
        return "final"
    return "remind"
