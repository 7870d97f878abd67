"""Receivables by class: each unpaid balance classed A, B or C on the period's last day, and
what the reminders already sent mean for supply.

Classes and the supply rule are those of :mod:`helpers.playbook.receivable_rules`, which the
module 08 exercise applies too: A is recent and chased by the rep; B is more than 18 months
past topping out or a year past the contract's payment date, for the collection team; C is
six more months unresolved, for legal action. After three formal reminders, supply stops.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from helpers.playbook import receivable_rules as rules

CLASSES = rules.CLASSES
"""``rc_a``, ``rc_b``, ``rc_c``."""


def _date(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def classify(receivables: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Each balance unpaid on ``as_of`` with its class and supply decision.

    Parameters
    ----------
    receivables : DataFrame
        ``receivable_id``, ``account_id``, ``rep_id``, ``amount``, ``invoice_date``,
        ``due_date``, ``completed_date`` (NaT for none), ``reminders``, ``paid_date``
        (:attr:`helpers.store.TeamRecords.receivables`).
    as_of : date
        The day of the analysis: balances invoiced by then and not paid by then count.

    Returns
    -------
    DataFrame
        The unpaid balances with ``cls`` (:data:`CLASSES`), ``past_due`` (the due date has
        passed) and ``supply``: ``remind``, ``final`` (two reminders sent: the next is the
        third and last) or ``stop`` (three or more sent: supply stops); a balance not yet
        due needs no reminder and is ``remind``.
    """
    day = pd.Timestamp(as_of)
    r = receivables
    unpaid = r[(r["invoice_date"] <= day) & (r["paid_date"].isna() | (r["paid_date"] > day))]
    out = unpaid.copy()
    keys = list(zip(map(_date, out["due_date"]), map(_date, out["completed_date"]), strict=True))
    # the same function as the exercise, once per distinct pair of dates
    classes = {key: rules.receivable_class(key[0], key[1], as_of) for key in set(keys)}
    out["cls"] = [classes[key] for key in keys]
    out["past_due"] = out["due_date"] < day
    supply = out["reminders"].astype(int).map(rules.supply_action)
    out["supply"] = supply.where(out["past_due"], "remind")
    return out


def by_rep(classed: pd.DataFrame, rep_ids: pd.Index) -> pd.DataFrame:
    """Per rep (index ``rep_id``): for each class, the balances (``<cls>_n``) and their sum
    (``<cls>_amount``); and the balances that need the ``final`` reminder and those whose
    customers' supply should ``stop``."""
    idx = pd.Index(rep_ids, name="rep_id")
    out = pd.DataFrame(index=idx)
    for cls in CLASSES:
        rows = classed[classed["cls"] == cls].groupby("rep_id")["amount"]
        out[f"{cls}_n"] = rows.size().reindex(idx, fill_value=0).astype(int)
        out[f"{cls}_amount"] = rows.sum().reindex(idx, fill_value=0.0).astype(float)
    for supply in ("final", "stop"):
        hits = classed[classed["supply"] == supply].groupby("rep_id").size()
        out[supply] = hits.reindex(idx, fill_value=0).astype(int)
    return out
