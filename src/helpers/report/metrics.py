"""Coaching metrics per rep and per team for a period: pure functions of data frames.

Every function here takes the frames of :class:`helpers.store.TeamRecords`
(or frames with the same columns) and the method's rules from
``playbooks/cadence.yaml``, and returns a new frame; nothing reads the store
or draws. The benchmarks are the method's own:

- quantity probability: new reps turn about 1-5% of leads into deals, so a rep
  needs about 20 leads contacted for a likely deal; a new hire's first months
  are judged on leads contacted;
- time probability: a first deal takes about 12 effective contacts; an
  account may be parked only after 12 contacts without a deal, grade A
  accounts never; after about 10 contacts without a deal the manager steps in;
- cadence: each grade has a minimum number of visits a month;
- psychological distance: the profile fields known place an account on the
  doctor, teacher, friend, brother stages.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.learner.progress import MODULES, latest_attempts, mastery_by_module
from helpers.playbook.library import Library
from helpers.playbook.models import CadenceDoc

VISIT_TYPES: tuple[str, ...] = ("visit", "meeting")
"""Contact types that count as a visit for the cadence rules (calls and messages do not)."""

DAYS_PER_MONTH = 30.4


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        """Length in days, both ends counted."""
        return (self.end - self.start).days + 1

    @property
    def months(self) -> float:
        """Length in months: the number of calendar months for a period of whole months
        (October is one month, whatever its 31 days), otherwise days / 30.4."""
        whole = self._whole_months()
        return float(whole) if whole is not None else self.days / DAYS_PER_MONTH

    def _whole_months(self) -> int | None:
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        if self.start.day != 1 or self.end.day != last:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period just before: the same number of calendar months if this
        period is whole months, otherwise the same number of days."""
        n = self._whole_months()
        end = self.start - dt.timedelta(days=1)
        if n is None:
            return Period(end - dt.timedelta(days=self.days - 1), end)
        month = end.month - n + 1
        year = end.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return Period(dt.date(year, month, 1), end)

    def trailing(self, months: float) -> Period:
        """The ``months`` (of 30.4 days) up to this period's end, or this period if longer."""
        days = max(self.days, round(months * DAYS_PER_MONTH))
        return Period(self.end - dt.timedelta(days=days - 1), self.end)

    def mask(self, dates: pd.Series) -> pd.Series:
        """Which of ``dates`` fall in the period."""
        return (dates >= pd.Timestamp(self.start)) & (dates <= pd.Timestamp(self.end))


# ----------------------------------------------------------------- accounts


def contacts_so_far(
    contacts: pd.DataFrame, until: dt.date, totals: pd.DataFrame | None = None
) -> pd.Series:
    """Each account's effective contacts up to the end of ``until`` (accounts with none left
    out), counting those summed up in ``totals`` (see :func:`account_status`)."""
    n = contacts.loc[contacts["date"] <= pd.Timestamp(until), "account_id"].value_counts()
    if totals is None or totals.empty:
        return n
    return n.add(totals["contacts"], fill_value=0).astype(int)


def account_status(
    accounts: pd.DataFrame,
    contacts: pd.DataFrame,
    deals: pd.DataFrame,
    cadence: CadenceDoc,
    until: dt.date,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each account as it stands at the end of ``until``.

    ``totals``, when given, holds the contacts older than every row of ``contacts``
    summed up per account (:attr:`helpers.store.TeamRecords.contact_totals`).

    Returns one row per account that existed by then, indexed by
    ``account_id``, with ``name``, ``owner_rep_id``, ``grade``, ``parked``,
    ``contacts`` (all effective contacts so far), ``won`` (a deal so far),
    ``stage`` and ``stage_order`` (psychological distance from the profile
    fields known; 0 when not even the first stage is reached) and the flags:

    - ``park_candidate``: 12+ contacts, no deal, not parked, and a tier that may be parked;
    - ``keep_active``: the same, but a key-account tier that is never parked (strategic);
    - ``step_in``: 10+ contacts, no deal, not parked (the manager should step in);
    - ``parked_early``: parked with fewer than 12 contacts;
    - ``parked_protected``: parked although its tier must never be parked.
    """
    rule = cadence.contact_rule
    until_ts = pd.Timestamp(until)
    acc = accounts[accounts["created_on"] <= until_ts].set_index("account_id")
    upto = contacts[contacts["date"] <= until_ts]
    n = contacts_so_far(contacts, until, totals)
    last = upto.groupby("account_id")["date"].max()
    if totals is not None and not totals.empty:
        last = pd.concat([last, totals["last_contact"]]).groupby(level=0).max()
    won = set(deals.loc[deals["date"] <= until_ts, "account_id"])
    out = pd.DataFrame(index=acc.index)
    out["owner_rep_id"] = acc["owner_rep_id"]
    out["name"] = acc["name"].fillna("") if "name" in acc else ""
    out["grade"] = acc["grade"]
    out["tier"] = acc["tier"].fillna("") if "tier" in acc else ""
    out["parked"] = acc["parked"].astype(bool)
    out["contacts"] = n.reindex(acc.index, fill_value=0).astype(int)
    out["last_contact"] = last.reindex(acc.index)
    out["created_on"] = acc["created_on"]
    out["won"] = out.index.isin(won)
    order, names = _stage_orders(acc["profile_fields"], cadence)
    out["stage_order"] = order
    out["stage"] = [names.get(o, "") for o in order]
    protected = out["tier"].isin(rule.never_park_tiers)
    open_ = ~out["won"] & ~out["parked"]
    reached = out["contacts"] >= rule.park_after_contacts
    out["park_candidate"] = open_ & reached & ~protected
    out["keep_active"] = open_ & reached & protected
    out["step_in"] = open_ & (out["contacts"] >= rule.manager_step_in_after_contacts)
    out["parked_early"] = out["parked"] & (out["contacts"] < rule.park_after_contacts)
    out["parked_protected"] = out["parked"] & protected
    return out


ACCOUNT_LISTS: tuple[str, ...] = ("step_in", "park", "keep", "parked_wrongly")
"""The account lists a manager acts on, in report order."""


def account_lists(status: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The accounts a manager acts on, by list (:data:`ACCOUNT_LISTS`), most contacts first.

    ``step_in``, ``park`` and ``keep`` hold the accounts flagged ``step_in``,
    ``park_candidate`` and ``keep_active`` by :func:`account_status`;
    ``parked_wrongly`` those parked too early or parked although their tier is
    never parked. Every count of these accounts in a report is the length of
    one of these lists.
    """
    masks = {
        "step_in": status["step_in"],
        "park": status["park_candidate"],
        "keep": status["keep_active"],
        "parked_wrongly": status["parked_early"] | status["parked_protected"],
    }
    return {
        key: status[mask].sort_values(["contacts", "owner_rep_id"], ascending=[False, True])
        for key, mask in masks.items()
    }


def list_counts(lists: dict[str, pd.DataFrame], rep_ids: pd.Index) -> pd.DataFrame:
    """How many accounts of each list every rep of ``rep_ids`` owns (one column per list)."""
    idx = pd.Index(rep_ids, name="rep_id")
    return pd.DataFrame(
        {
            key: rows.groupby("owner_rep_id").size().reindex(idx, fill_value=0).astype(int)
            for key, rows in lists.items()
        },
        index=idx,
    )


def _stage_orders(profile_fields: pd.Series, cadence: CadenceDoc) -> tuple[list[int], dict]:
    """The distance stage each profile reaches: all its fields and every earlier stage's known."""
    stages = sorted(cadence.distance_stages, key=lambda s: s.order)
    need = [{f.id for f in cadence.profile_fields if f.stage == s.id} for s in stages]
    orders = []
    for text in profile_fields.fillna(""):
        have = set(filter(None, str(text).split(";")))
        k = 0
        for fields in need:
            if not fields <= have:
                break
            k += 1
        orders.append(k)
    return orders, {s.order: s.id for s in stages}


# ----------------------------------------------------------------- activity


def new_hires(reps: pd.DataFrame, cadence: CadenceDoc, until: dt.date) -> pd.Series:
    """Which reps are new hires at ``until``: hired within the ramp-up months of the method
    (the longer end of "3-6 months"), indexed by ``rep_id``."""
    ramp = dt.timedelta(days=round(cadence.conversion.new_rep_ramp_months.max * DAYS_PER_MONTH))
    hired = reps.set_index("rep_id")["hire_date"]
    return hired > pd.Timestamp(until - ramp)


def activity(
    reps: pd.DataFrame,
    contacts: pd.DataFrame,
    deals: pd.DataFrame,
    status: pd.DataFrame,
    period: Period,
) -> pd.DataFrame:
    """Per rep, what they did in ``period``.

    Columns: ``contacts``, ``visits``, ``leads_contacted`` (distinct accounts
    contacted), ``leads_per_month``, ``deals``, ``won_accounts`` (distinct
    accounts with a deal), ``revenue`` (yuan), ``conversion`` (won accounts /
    leads contacted; NaN with no lead), ``open_accounts`` (owned, no deal, not
    parked, at the period's end) and ``contacts_per_open_account`` (their
    mean contacts so far).
    """
    idx = pd.Index(reps["rep_id"], name="rep_id")
    c = contacts[period.mask(contacts["date"])]
    d = deals[period.mask(deals["date"])]
    out = pd.DataFrame(index=idx)
    out["contacts"] = c.groupby("rep_id").size().reindex(idx, fill_value=0)
    visits = c[c["type"].isin(VISIT_TYPES)]
    out["visits"] = visits.groupby("rep_id").size().reindex(idx, fill_value=0)
    out["leads_contacted"] = c.groupby("rep_id")["account_id"].nunique().reindex(idx, fill_value=0)
    out["leads_per_month"] = out["leads_contacted"] / period.months
    out["deals"] = d.groupby("rep_id").size().reindex(idx, fill_value=0)
    out["won_accounts"] = d.groupby("rep_id")["account_id"].nunique().reindex(idx, fill_value=0)
    out["revenue"] = d.groupby("rep_id")["amount"].sum().reindex(idx, fill_value=0.0)
    out["conversion"] = out["won_accounts"] / out["leads_contacted"].replace(0, np.nan)
    open_ = status[~status["won"] & ~status["parked"]]
    out["open_accounts"] = open_.groupby("owner_rep_id").size().reindex(idx, fill_value=0)
    out["contacts_per_open_account"] = open_.groupby("owner_rep_id")["contacts"].mean().reindex(idx)
    return out


def follow_through(status: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """Per rep, the twelve-contact rule: accounts to park, to keep, to step in on, parked early.

    Columns: ``park_candidates``, ``keep_active``, ``step_in``, ``parked``,
    ``parked_early``, ``parked_protected`` and ``parked_early_share``
    (parked early / parked; NaN when nothing is parked).
    """
    idx = pd.Index(reps["rep_id"], name="rep_id")
    flags = ["park_candidate", "keep_active", "step_in", "parked", "parked_early"]
    flags.append("parked_protected")
    out = status.groupby("owner_rep_id")[flags].sum().reindex(idx, fill_value=0).astype(int)
    out = out.rename(columns={"park_candidate": "park_candidates"})
    out["parked_early_share"] = out["parked_early"] / out["parked"].replace(0, np.nan)
    return out


def cadence_scope(status: pd.DataFrame, cadence: CadenceDoc, period: Period) -> pd.Series:
    """Which accounts the visit cadence applies to in ``period``: those being worked, that is
    not parked, existing when the period began, and contacted within the dormancy limit
    (90 days) of its end; a longer-silent account is dormant, a lead again, not a visit due."""
    dormant = pd.Timestamp(period.end) - pd.Timedelta(
        days=cadence.contact_rule.dormant_days_as_lead
    )
    return (
        ~status["parked"]
        & (status["created_on"] < pd.Timestamp(period.start))
        & (status["last_contact"] > dormant)
    )


def cadence_compliance(
    status: pd.DataFrame, contacts: pd.DataFrame, cadence: CadenceDoc, period: Period
) -> pd.DataFrame:
    """Per account in scope (:func:`cadence_scope`), visits in ``period`` against its grade's
    minimum.

    ``required`` = the grade's minimum visits a month x the period's months
    (rounded, at least 1); ``visits`` counts visits and meetings; ``compliant``
    is visits >= required.
    """
    minimum = {g.id: g.min_visits_per_month for g in cadence.grades}
    scope = status[cadence_scope(status, cadence, period)].copy()
    visits = contacts[period.mask(contacts["date"]) & contacts["type"].isin(VISIT_TYPES)]
    scope["visits"] = visits["account_id"].value_counts().reindex(scope.index, fill_value=0)
    per_month = scope["grade"].map(minimum).fillna(0)
    scope["required"] = np.maximum(1, np.round(per_month * period.months)).astype(int)
    scope["compliant"] = scope["visits"] >= scope["required"]
    return scope[["owner_rep_id", "grade", "visits", "required", "compliant"]]


def compliance_by_rep(compliance: pd.DataFrame, reps: pd.DataFrame) -> pd.Series:
    """Share of each rep's in-scope accounts visited as often as their grade asks (NaN: none)."""
    idx = pd.Index(reps["rep_id"], name="rep_id")
    return compliance.groupby("owner_rep_id")["compliant"].mean().reindex(idx)


def compliance_by_grade(compliance: pd.DataFrame) -> pd.DataFrame:
    """Accounts in scope and the share visited as their grade asks, per grade."""
    g = compliance.groupby("grade")["compliant"]
    return pd.DataFrame({"accounts": g.size(), "share": g.mean()})


def profile_depth(status: pd.DataFrame, reps: pd.DataFrame, cadence: CadenceDoc) -> pd.DataFrame:
    """Per rep, how far their open and won accounts' profiles go.

    Columns: one per distance stage (and ``none``) counting accounts whose
    profile reaches exactly that stage; ``mean_stage`` (0 none ... 4 brother);
    ``stuck_at_first`` accounts with 6+ contacts (half the twelve) still at
    the first stage or below.
    """
    idx = pd.Index(reps["rep_id"], name="rep_id")
    live = status[~status["parked"]]
    names = {0: "none"} | {s.order: s.id for s in cadence.distance_stages}
    counts = live.groupby(["owner_rep_id", "stage_order"]).size().unstack(fill_value=0).reindex(idx)
    out = pd.DataFrame(index=idx)
    for order, name in sorted(names.items()):
        out[name] = counts.get(order, 0)
    out = out.fillna(0).astype(int)
    out["mean_stage"] = live.groupby("owner_rep_id")["stage_order"].mean().reindex(idx)
    half = cadence.contact_rule.park_after_contacts // 2
    stuck = live[(live["contacts"] >= half) & (live["stage_order"] <= 1)]
    out["stuck_at_first"] = stuck.groupby("owner_rep_id").size().reindex(idx, fill_value=0)
    return out


# ----------------------------------------------------------------- training


def training(
    attempts: pd.DataFrame, cards: pd.DataFrame, reps: pd.DataFrame, lib: Library, until: dt.date
) -> pd.DataFrame:
    """Per rep, mastery of each training module (0-1) and reviews overdue, as of ``until``.

    Mastery is the kit's own (:func:`helpers.learner.progress.mastery_by_module`):
    the mean latest score over every exercise the module offers. Overdue
    reviews are review cards due before ``until``'s day began.
    """
    cutoff = pd.Timestamp(until, tz="UTC") + pd.Timedelta(days=1)
    idx = pd.Index(reps["rep_id"], name="rep_id")
    out = pd.DataFrame(index=idx, columns=[*MODULES, "attempts"], dtype=float)
    done = attempts[attempts["created_at"] < cutoff]
    latest = latest_attempts(done)
    for rep, rows in latest.groupby("learner_id"):
        if rep not in out.index:
            continue
        ratios = {
            e: (t.to_pydatetime(), float(r))
            for e, t, r in zip(rows["exercise_id"], rows["created_at"], rows["ratio"], strict=True)
        }
        for m in mastery_by_module(lib, ratios):
            out.loc[rep, m.module] = m.mastery
    out["attempts"] = done.groupby("learner_id").size().reindex(idx)
    out[list(MODULES)] = out[list(MODULES)].fillna(0.0)
    out["attempts"] = out["attempts"].fillna(0).astype(int)
    overdue = cards[cards["due"] < cutoff - pd.Timedelta(days=1)]
    out["reviews_overdue"] = overdue.groupby("learner_id").size().reindex(idx, fill_value=0)
    return out


def roleplay(scores: pd.DataFrame, reps: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Role-play scores in ``period``: one row per rep and criterion with ``mean`` and ``n``.

    ``n`` is the number of scores behind the mean (every trainer's score of
    every session counts once).
    """
    s = scores[period.mask(scores["scored_on"]) & scores["rep_id"].isin(reps["rep_id"])]
    g = s.groupby(["rep_id", "criterion_id"])["score"]
    out = pd.DataFrame({"mean": g.mean(), "n": g.size()}).reset_index()
    return out


def change(now: pd.DataFrame, before: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``now - before`` for ``columns``, per row of ``now`` (NaN where either is missing)."""
    return now[columns] - before[columns].reindex(now.index)


# -------------------------------------------------------------- team level


def team_funnel(
    contacts: pd.DataFrame,
    deals: pd.DataFrame,
    cadence: CadenceDoc,
    period: Period,
    totals: pd.DataFrame | None = None,
) -> dict[str, int]:
    """The team's funnel for the period: one cohort, its leads, through the stages of the
    twelve-contact rule, broad to narrow.

    The cohort is the period's leads: accounts the team contacted in the
    period that had no deal before it began. Each stage counts the leads that
    reached it by the period's end; a lead won counts at every stage it passed
    on its way, so no stage is wider than the one before and every share of
    the first stage is at most 100%.

    ``totals``: the contacts before ``contacts`` begins, as in :func:`account_status`.

    Returns
    -------
    dict
        ``leads_contacted`` (the cohort), ``step_in_reached`` (10+ effective
        contacts so far, or won), ``rule_reached`` (12+, or won) and ``won``
        (a deal in the period).
    """
    rule = cadence.contact_rule
    won_before = set(deals.loc[deals["date"] < pd.Timestamp(period.start), "account_id"])
    touched = contacts.loc[period.mask(contacts["date"]), "account_id"].unique()
    cohort = pd.Index(touched).difference(pd.Index(list(won_before)))
    n = contacts_so_far(contacts, period.end, totals).reindex(cohort, fill_value=0)
    won = cohort.isin(deals.loc[period.mask(deals["date"]), "account_id"])
    return {
        "leads_contacted": len(cohort),
        "step_in_reached": int(((n >= rule.manager_step_in_after_contacts) | won).sum()),
        "rule_reached": int(((n >= rule.park_after_contacts) | won).sum()),
        "won": int(won.sum()),
    }


def team_conversion(act: pd.DataFrame) -> float:
    """Won accounts over leads contacted for the whole team (NaN with no lead)."""
    leads = act["leads_contacted"].sum()
    return float(act["won_accounts"].sum() / leads) if leads else float("nan")


def benchmark_band(rate: float, cadence: CadenceDoc) -> str:
    """``below``, ``within`` or ``above`` the new-rep conversion benchmark (``unknown`` for NaN)."""
    span = cadence.conversion.new_rep_lead_to_deal
    if rate != rate:  # NaN
        return "unknown"
    if rate < span.min:
        return "below"
    return "above" if rate > span.max else "within"
