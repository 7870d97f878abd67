"""Receivables in three classes: sort a ledger's balances by their dates into A, B and C,
give each its action, and say what the reminders sent mean for supply.

The classes follow from the dates alone, by the rules of
:mod:`helpers.playbook.receivable_rules` (which the coaching report applies too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from helpers.learner.exercises.calendar import month_label
from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook import receivable_rules as rules
from helpers.playbook.library import Library
from helpers.playbook.models import Receivable, ReceivablesLedger, Text
from helpers.playbook.receivable_rules import (
    CLASSES,
    MONTHS_AFTER_TOPPING_OUT,
    MONTHS_PAST_DUE,
    MONTHS_WITH_TEAM,
    REMINDERS_BEFORE_STOP,
    SUPPLY,
    supply_action,
)

__all__ = [
    "ACTIONS",
    "CLASSES",
    "MONTHS_AFTER_TOPPING_OUT",
    "MONTHS_PAST_DUE",
    "MONTHS_WITH_TEAM",
    "REMINDERS_BEFORE_STOP",
    "SUPPLY",
    "class_b_from",
    "class_c_from",
    "class_reason",
    "date_label",
    "receivable_class",
    "sort_receivables",
    "supply_action",
]

ACTIONS: dict[str, str] = {"rc_a": "rep", "rc_b": "team", "rc_c": "legal"}
"""Each class's action: the rep chases it, the collection team takes it, legal action."""


def date_label(day: dt.date) -> Text:
    """A date in words with its year, e.g. 2027 年 6 月 15 日 / 15 June 2027."""
    return msg("rc.date", year=day.year, month=month_label(day.month), day=day.day)


def class_b_from(entry: Receivable) -> dt.date:
    """The last day a balance is still class A; from the next day it is class B."""
    return rules.class_b_from(entry.due, entry.completed)


def class_c_from(entry: Receivable) -> dt.date:
    """The last day a balance is still class B; from the next day it is class C."""
    return rules.class_c_from(entry.due, entry.completed)


def receivable_class(entry: Receivable, as_of: dt.date) -> str:
    """The class (``rc_a``, ``rc_b`` or ``rc_c``) of an unpaid balance on ``as_of``."""
    return rules.receivable_class(entry.due, entry.completed, as_of)


def class_reason(entry: Receivable, as_of: dt.date) -> Text:
    """Why the balance is in its class on ``as_of``, with the dates that decide it."""
    b_from, c_from = class_b_from(entry), class_c_from(entry)
    which = "completed" if rules.limited_by_completion(entry.due, entry.completed) else "due"
    months = rules.MONTHS_AFTER_TOPPING_OUT if which == "completed" else rules.MONTHS_PAST_DUE
    limit = msg(f"fb.rc_limit_{which}", months=months, date=date_label(b_from))
    cls = receivable_class(entry, as_of)
    if cls == "rc_a":
        return msg("fb.rc_why_a", limit=limit)
    if cls == "rc_b":
        return msg("fb.rc_why_b", limit=limit, date=date_label(c_from))
    return msg("fb.rc_why_c", limit=limit, months=rules.MONTHS_WITH_TEAM, date=date_label(c_from))


def sort_receivables(
    ledger: ReceivablesLedger,
    answers: Mapping[str, Mapping[str, str | None]],
    lib: Library | None = None,
) -> Result:
    """Grade the class, action and supply decision given to every balance of a ledger.

    Three points per balance: its class from the dates, the action of that
    class, and what the reminders sent mean for supply. Each line gives the
    dates that decide the class, or the reminders that decide supply.

    Parameters
    ----------
    ledger : ReceivablesLedger
        The balances and the day of the analysis.
    answers : mapping
        Entry id -> ``{"class": term id, "action": one of ACTIONS' values,
        "supply": one of SUPPLY}`` (None where not answered).
    lib : Library, optional
        For the glossary names of the classes.

    Returns
    -------
    Result
        Out of three times the number of balances.
    """
    exercise_id = f"receivables:{ledger.id}"
    max_score = 3.0 * len(ledger.entries)
    if not any(v for a in answers.values() for v in a.values()):
        return empty_answer(exercise_id, max_score)
    items: list[Feedback] = []
    missed: list[str] = []
    score = 0.0
    for e in ledger.entries:
        given = answers.get(e.id, {})
        cls = receivable_class(e, ledger.as_of)
        cls_name = method_name(lib, cls)
        why = class_reason(e, ledger.as_of)
        got = given.get("class")
        ok = got == cls
        if ok:
            text = msg("fb.rc_class_right", customer=e.customer, cls=cls_name, why=why)
        elif got in CLASSES:
            text = msg(
                "fb.rc_class_wrong",
                customer=e.customer,
                cls=cls_name,
                got=method_name(lib, got),
                why=why,
            )
        else:
            text = msg("fb.rc_class_missing", customer=e.customer, cls=cls_name, why=why)
        items.append(Feedback(f"{e.id}.class", ok, named(text, cls_name), cls, float(ok)))
        score += float(ok)
        if not ok:
            missed.append(cls)
        action = ACTIONS[cls]
        ok = given.get("action") == action
        key = "fb.rc_action_right" if ok else "fb.rc_action_wrong"
        text = msg(key, customer=e.customer, action=msg(f"rc.action.{action}"), cls=cls_name)
        items.append(Feedback(f"{e.id}.action", ok, named(text, cls_name), cls, float(ok)))
        score += float(ok)
        if not ok:
            missed.append(cls)
        supply = supply_action(e.reminders)
        ok = given.get("supply") == supply
        key = "fb.rc_supply_right" if ok else "fb.rc_supply_wrong"
        text = msg(key, customer=e.customer, n=e.reminders, supply=msg(f"rc.supply.{supply}"))
        step = method_name(lib, "rc_reminders")
        items.append(Feedback(f"{e.id}.supply", ok, named(text, step), "rc_reminders", float(ok)))
        score += float(ok)
        if not ok:
            missed.append("rc_reminders")
    result = Result(exercise_id, score, max_score, items, sorted(set(missed)))
    return result.with_rule(
        "rule.receivables",
        b=rules.MONTHS_AFTER_TOPPING_OUT,
        due=rules.MONTHS_PAST_DUE,
        c=rules.MONTHS_WITH_TEAM,
        n=rules.REMINDERS_BEFORE_STOP,
    )
