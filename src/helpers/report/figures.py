"""The figures of one team's coaching report, computed from the team's records.

:func:`build` is a pure function: the records of one team (from
:meth:`helpers.store.Store.team_records`), the playbook library and the
period in, a :class:`TeamReport` out. :mod:`helpers.report.sections` turns it
into what the report notebook shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from helpers.learner.progress import latest_attempts
from helpers.playbook.library import Library
from helpers.playbook.models import CadenceDoc
from helpers.report import key_accounts, metrics, receivables, relationship
from helpers.report.coaching import Focus, rep_focuses, top_focuses
from helpers.report.metrics import Period
from helpers.store import TeamRecords

TRACKED_CHANGES: tuple[str, ...] = ("leads_contacted", "conversion", "compliance", "mean_stage")
"""Rep figures shown with their change against the previous period."""


@dataclass
class TeamReport:
    """Everything a team's coaching report shows."""

    team_id: str
    period: Period
    previous: Period
    reps: pd.DataFrame
    """One row per rep (index ``rep_id``): who they are and every figure of the period."""
    before: pd.DataFrame
    """The same table for the previous period."""
    accounts: pd.DataFrame
    """Each account's status at the end (:func:`~helpers.report.metrics.account_status`)."""
    compliance: pd.DataFrame
    """Accounts in scope of the cadence rules and whether they were visited enough."""
    roleplay: pd.DataFrame
    """Role-play means per rep and criterion, with the number of scores (``n``)."""
    funnel: dict[str, int]
    conversion: float
    focuses: dict[str, list[Focus]] = field(default_factory=dict)
    """Each rep's top focuses."""
    rubric_versions: list[str] = field(default_factory=list)
    """The rubric versions the period's role-play scores were given under."""
    key_accounts: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Key accounts in scope and their visits against the tier's cadence
    (:func:`~helpers.report.key_accounts.tier_cadence`); empty without key accounts."""
    opportunities: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Each account's latest opportunity assessment with its weighted ``score`` and ``flag``
    (:func:`~helpers.report.key_accounts.opportunity_scores`); empty without assessments."""
    maintenance: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Customer events answered, due or overdue (:func:`~helpers.report.relationship.maintenance`);
    empty without events or a programme."""
    receivables: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Balances unpaid at the period's end, classed (:func:`~helpers.report.receivables.classify`);
    empty without any."""

    @property
    def empty(self) -> bool:
        """True when the team has no rep."""
        return self.reps.empty

    @cached_property
    def lists(self) -> dict[str, pd.DataFrame]:
        """The accounts a manager acts on (:func:`~helpers.report.metrics.account_lists`):
        every count of them the report shows is the length of one of these lists."""
        return metrics.account_lists(self.accounts)

    @cached_property
    def list_counts(self) -> pd.DataFrame:
        """Each rep's share of :attr:`lists`: accounts owned, per list."""
        return metrics.list_counts(self.lists, self.reps.index)

    @property
    def period_label(self) -> str:
        """``2026-10-01 – 2026-10-31``."""
        return f"{self.period.start:%Y-%m-%d} – {self.period.end:%Y-%m-%d}"

    def rep_label(self, rep_id: str) -> str:
        """A rep's name and id: ``Li (R1)``."""
        return f"{self.reps.loc[rep_id, 'name']} ({rep_id})"

    @property
    def won(self) -> int:
        """Accounts won by the team in the period."""
        return int(self.reps["won_accounts"].sum())


@dataclass
class PeriodFigures:
    """What one period's figures are built from, kept so nothing is worked out twice."""

    reps: pd.DataFrame
    accounts: pd.DataFrame
    compliance: pd.DataFrame


def require_cadence(lib: Library) -> CadenceDoc:
    """The library's cadence rules, which every report figure needs.

    Raises
    ------
    ValueError
        If the playbooks hold none.
    """
    if lib.cadence is None:
        raise ValueError("the playbooks hold no cadence rules (playbooks/cadence.yaml)")
    return lib.cadence


def period_figures(records: TeamRecords, lib: Library, period: Period) -> PeriodFigures:
    """Every figure of every rep of the team for ``period`` (one row per rep), with the
    account status and cadence compliance they come from."""
    cadence = require_cadence(lib)
    reps = records.reps
    status = metrics.account_status(
        records.accounts,
        records.contacts,
        records.deals,
        cadence,
        period.end,
        records.contact_totals,
    )
    table = reps.set_index("rep_id")[["name", "hire_date"]].copy()
    table["new_hire"] = metrics.new_hires(reps, cadence, period.end)
    act = metrics.activity(reps, records.contacts, records.deals, status, period)
    follow = metrics.follow_through(status, reps)
    comp = metrics.cadence_compliance(status, records.contacts, cadence, period)
    depth = metrics.profile_depth(status, reps, cadence)
    train = metrics.training(records.attempts, records.cards, reps, lib, period.end)
    window = _window(cadence, period)
    longer = metrics.activity(reps, records.contacts, records.deals, status, window)
    longer = longer[["leads_contacted", "won_accounts", "conversion"]].add_suffix("_window")
    table = table.join([act, longer, follow, depth, train])
    table["compliance"] = metrics.compliance_by_rep(comp, reps)
    return PeriodFigures(table, status, comp)


def _window(cadence: CadenceDoc, period: Period) -> Period:
    # conversion in one month is mostly noise: the focus looks at the ramp-up window
    return period.trailing(cadence.conversion.new_rep_ramp_months.max)


def contacts_from(lib: Library, period: Period) -> dt.date:
    """The first day whose contacts a report for ``period`` counts one by one (the start of
    the earliest window it looks at): earlier ones it needs only as totals per account
    (:meth:`helpers.store.Store.team_records`, ``since``)."""
    cadence = require_cadence(lib)
    periods = (period, period.previous())
    return min(min(p.start, _window(cadence, p).start) for p in periods)


def _latest_ratios(latest: pd.DataFrame, rep_id: str) -> dict[str, float]:
    mine = latest[latest["learner_id"] == rep_id]
    return dict(zip(mine["exercise_id"], mine["ratio"], strict=True))


def build(records: TeamRecords, lib: Library, period: Period) -> TeamReport:
    """Compute a team's report for ``period`` (and the previous period, for the changes)."""
    cadence = require_cadence(lib)
    previous = period.previous()
    now = period_figures(records, lib, period)
    reps, status, comp = now.reps, now.accounts, now.compliance
    before = period_figures(records, lib, previous).reps
    rp = metrics.roleplay(records.scores, records.reps, period)
    in_period = records.scores[period.mask(records.scores["scored_on"])]
    focuses: dict[str, list[Focus]] = {}
    latest_all = latest_attempts(records.attempts, period.end)
    act = reps[["leads_contacted", "won_accounts"]]
    extra = account_figures(records, lib, period, status)
    reps = reps.join(extra.pop("by_rep"))
    for rep_id, row in reps.iterrows():
        focuses[str(rep_id)] = top_focuses(
            rep_focuses(
                str(rep_id),
                row,
                rp[rp["rep_id"] == rep_id],
                _latest_ratios(latest_all, str(rep_id)),
                lib,
            )
        )
    return TeamReport(
        team_id=records.team_id,
        period=period,
        previous=previous,
        reps=reps,
        before=before,
        accounts=status,
        compliance=comp,
        roleplay=rp,
        funnel=metrics.team_funnel(
            records.contacts, records.deals, cadence, period, records.contact_totals
        ),
        conversion=metrics.team_conversion(act),
        focuses=focuses,
        rubric_versions=sorted(set(in_period["rubric_version"])),
        **extra,
    )


def account_figures(
    records: TeamRecords, lib: Library, period: Period, status: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The key-account, opportunity, maintenance and receivables figures of a report, each
    empty where the records or the playbooks do not have what it needs, and ``by_rep``:
    their counts per rep (the columns :func:`~helpers.report.coaching.rep_focuses` reads)."""
    cadence = require_cadence(lib)
    idx = pd.Index(records.reps["rep_id"], name="rep_id")
    tiers = [x.id for x in cadence.key_account_tiers]
    out: dict[str, pd.DataFrame] = {}
    out["key_accounts"] = key_accounts.tier_cadence(status, records.contacts, cadence, period)
    parts = [key_accounts.tiers_by_rep(out["key_accounts"], idx, tiers)]
    docs = lib.of_kind("opportunity_assessment")
    if docs and not records.opportunities.empty:
        out["opportunities"] = key_accounts.opportunity_scores(records.opportunities, docs[0])
        parts.append(key_accounts.opportunities_by_rep(out["opportunities"], idx))
    programmes = lib.of_kind("care_programme")
    if programmes and not records.events.empty:
        out["maintenance"] = relationship.maintenance(
            records.events, records.contacts, programmes[0], period
        )
        by_rep = relationship.maintenance_by_rep(out["maintenance"], idx)
        parts.append(by_rep.add_prefix("care_"))
    if not records.receivables.empty:
        out["receivables"] = receivables.classify(records.receivables, period.end)
        parts.append(receivables.by_rep(out["receivables"], idx))
    out["by_rep"] = pd.concat(parts, axis=1)
    return out


def changes(report: TeamReport) -> pd.DataFrame:
    """Each rep's change against the previous period in :data:`TRACKED_CHANGES`."""
    return metrics.change(report.reps, report.before, list(TRACKED_CHANGES))
