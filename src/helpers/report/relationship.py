"""Relationship-maintenance actions due or overdue: customer events against the programme.

Every event the maintenance programme (``playbooks/relationship/programme.yaml``) has a rule
for asks for an answer within a window of days around it (a birthday on the day, an illness
that day or the next, a store opening three weeks to three days before) by one of the
actions the rule names. An event's answer is *done* when the account had a contact of a type
that carries one of those actions (:data:`ACTION_CONTACT_TYPES`: an illness asks for a call,
a birthday for a written greeting or a visit) within its window, *overdue* when the window
closed by the period's end without one, and *due* when the window is open at the period's
end or opens within :data:`LOOKAHEAD_DAYS` after it. Birthdays and store anniversaries come
back every year on the same day.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers.playbook.models import CareProgrammeDoc
from helpers.report.metrics import Period
from helpers.store.tables import RECURRING_EVENTS

LOOKAHEAD_DAYS = 14
"""Windows opening this many days after the period's end are due already: the rep plans them."""
STATUSES: tuple[str, ...] = ("overdue", "due", "done")
"""What became of each event's answer, most urgent first."""
ACTION_CONTACT_TYPES: dict[str, tuple[str, ...]] = {
    "care_call": ("call",),
    "event_call": ("call",),
    "greeting": ("message",),
    "visit": ("visit", "meeting"),
    "attend": ("visit", "meeting"),
    "support": ("visit", "meeting"),
    "training": ("visit", "meeting"),
}
"""The contact types (as the CRM records them) that carry each action of the programme: a
greeting is written, so a message; a call is a call; the rest are in person."""


def occurrences(events: pd.DataFrame, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Each event's days from ``first`` to ``last`` (both included).

    A one-off event happens on its ``date``; a birthday or a store anniversary every year on
    the day and month of its ``date`` (29 February on 28 February in other years).

    Returns
    -------
    DataFrame
        The rows of ``events``, one per day it happens, with ``on`` (``datetime64``).
    """
    lo, hi = pd.Timestamp(first), pd.Timestamp(last)
    dates = pd.to_datetime(events["date"])
    once = events[~events["kind"].isin(RECURRING_EVENTS)].assign(on=dates)
    parts = [once[(once["on"] >= lo) & (once["on"] <= hi)]]
    yearly = events[events["kind"].isin(RECURRING_EVENTS)]
    month = dates[yearly.index].dt.month.to_numpy()
    day = dates[yearly.index].dt.day.to_numpy()
    for year in range(first.year, last.year + 1):
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        days = np.where((month == 2) & (day == 29) & (not leap), 28, day)
        ymd = pd.DataFrame({"year": year, "month": month, "day": days})
        on = pd.to_datetime(ymd).to_numpy() if len(yearly) else []
        this = yearly.assign(on=pd.Series(on, index=yearly.index, dtype="datetime64[ns]"))
        parts.append(this[(this["on"] >= lo) & (this["on"] <= hi)])
    out = pd.concat(parts, ignore_index=True)
    out["on"] = out["on"].astype("datetime64[ns]")
    return out


def maintenance(
    events: pd.DataFrame,
    contacts: pd.DataFrame,
    programme: CareProgrammeDoc,
    period: Period,
    lookahead: int = LOOKAHEAD_DAYS,
) -> pd.DataFrame:
    """The events whose answer falls in or near ``period``, and what became of it.

    Parameters
    ----------
    events : DataFrame
        ``event_id``, ``account_id``, ``owner_rep_id``, ``person``, ``kind``, ``date``
        (:attr:`helpers.store.TeamRecords.events`).
    contacts : DataFrame
        ``date``, ``account_id`` and ``type`` of the team's contacts, from before the
        earliest window.
    programme : CareProgrammeDoc
        The window and the actions of each kind of event; kinds without a rule are left out.
    period : Period
        The report's period; its end is the day the status is taken on.
    lookahead : int
        Windows opening up to this many days after the period are due.

    Returns
    -------
    DataFrame
        One row per event day whose window ends on or after the period's start and opens
        by ``lookahead`` days after its end: the event's columns, ``on``, ``opens`` and
        ``closes`` (the window, ``datetime64``), ``contacts`` (in the window, by the
        period's end, of a type that carries one of the rule's actions) and ``status`` (one
        of :data:`STATUSES`), overdue first.
    """
    columns = [*events.columns, "on", "opens", "closes", "contacts", "status"]
    rules = {r.kind: r.window for r in programme.event_rules if r.kind in set(events["kind"])}
    if events.empty or not rules:
        return pd.DataFrame(columns=columns)
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    latest = end + pd.Timedelta(days=lookahead)
    first = period.start - dt.timedelta(days=max(w.end for w in rules.values()))
    last = (latest - pd.Timedelta(days=min(w.start for w in rules.values()))).date()
    days = occurrences(events[events["kind"].isin(rules)], first, last)
    days["opens"] = days["on"] + pd.to_timedelta(days["kind"].map(lambda k: rules[k].start), "D")
    days["closes"] = days["on"] + pd.to_timedelta(days["kind"].map(lambda k: rules[k].end), "D")
    days = days[(days["closes"] >= start) & (days["opens"] <= latest)].reset_index(drop=True)
    seen = contacts.loc[contacts["date"] <= end, ["account_id", "date", "type"]]
    answers = pd.DataFrame(
        [
            (r.kind, kind)
            for r in programme.event_rules
            if r.kind in rules
            for action in r.actions
            for kind in ACTION_CONTACT_TYPES.get(action, ())
        ],
        columns=["kind", "type"],
    ).drop_duplicates()
    fit = seen.merge(answers, on="type")[["account_id", "kind", "date"]]
    pairs = days[["account_id", "kind", "opens", "closes"]].reset_index()
    pairs = pairs.merge(fit, on=["account_id", "kind"])
    inside = pairs[(pairs["date"] >= pairs["opens"]) & (pairs["date"] <= pairs["closes"])]
    days["contacts"] = inside.groupby("index").size().reindex(days.index, fill_value=0)
    days["status"] = np.select(
        [days["contacts"] > 0, days["closes"] <= end], ["done", "overdue"], default="due"
    )
    order = days["status"].map({s: i for i, s in enumerate(STATUSES)})
    return days.assign(_order=order).sort_values(["_order", "on", "account_id"])[columns]


def maintenance_by_rep(actions: pd.DataFrame, rep_ids: pd.Index) -> pd.DataFrame:
    """Per rep (index ``rep_id``): how many event answers are ``overdue``, ``due`` and ``done``."""
    idx = pd.Index(rep_ids, name="rep_id")
    counts = actions.groupby(["owner_rep_id", "status"]).size().unstack(fill_value=0)
    return counts.reindex(index=idx, columns=list(STATUSES), fill_value=0).astype(int)
