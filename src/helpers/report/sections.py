"""The sections of a team coaching report, as objects a notebook cell displays.

Each section takes a :class:`helpers.report.figures.TeamReport` and returns
an IPython :class:`~IPython.display.HTML` object in the report's language;
the report notebook calls one per cell through :class:`ReportView`. This
module holds the text sections (header, summary, rep table, account lists);
:mod:`~helpers.report.chart_sections` the charts,
:mod:`~helpers.report.account_sections` the key accounts, opportunities,
relationship maintenance and receivables, and
:mod:`~helpers.report.card_sections` the coaching cards and the method.

Every count the summary gives is marked with what it counts and is the
length of the list (or the sum of the table column) it sums up, taken from
the same frame.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal

import pandas as pd
from IPython.display import HTML

from helpers.i18n import t
from helpers.playbook.library import Library
from helpers.playbook.models import Locale
from helpers.report import account_sections, card_sections, chart_sections
from helpers.report.coaching import FOCUSES
from helpers.report.figures import TeamReport, changes, require_cadence
from helpers.report.layout import (
    STYLE,
    counted,
    esc,
    long_table,
    muted,
    num,
    pct,
    section,
    signed_count,
    signed_pct,
    table,
)
from helpers.report.metrics import ACCOUNT_LISTS, benchmark_band
from helpers.report.params import FACTS

Source = Literal["sample", "store"]
"""Where a report's data came from, as the report may name it: the bundled sample
organisation or the kit's store (never its address)."""


def account_label(name: object, account_id: str) -> str:
    """An account's name and id (the id alone when it has no other name)."""
    text = "" if name is None or name != name else str(name).strip()
    return f"{text} ({account_id})" if text and text != account_id else account_id


# -------------------------------------------------------------------- top


def header(report: TeamReport, locale: Locale, source: Source, generated: dt.datetime) -> HTML:
    """Title, period, when it was made and from what data (by kind, never an address), scope.

    The output's metadata (:data:`FACTS`) tells the index page the team, its
    reps and the period.
    """
    title = t("report.title", locale, team=report.team_id)
    lines = [
        t("report.period", locale, period=report.period_label),
        t(
            "report.previous",
            locale,
            start=f"{report.previous.start:%Y-%m-%d}",
            end=f"{report.previous.end:%Y-%m-%d}",
        ),
        t(
            "report.generated",
            locale,
            when=f"{generated:%Y-%m-%d %H:%M} UTC",
            source=t(f"report.source.{source}", locale, team=report.team_id),
        ),
        t("report.scope", locale, team=report.team_id),
    ]
    items = "".join(muted(line) for line in lines)
    facts = {
        "team": report.team_id,
        "reps": len(report.reps),
        "new_hires": int(report.reps["new_hire"].sum()) if not report.empty else 0,
        "period": report.period_label,
    }
    return HTML(
        f'{STYLE}<div class="ck-report"><h1>{esc(title)}</h1>{items}</div>',
        metadata={FACTS: facts},
    )


def _top_focus(report: TeamReport) -> tuple[str, int] | None:
    """The most common first focus on the cards and how many cards open with it (ties go
    to the focus listed first in :data:`~helpers.report.coaching.FOCUSES`)."""
    firsts = Counter(fs[0].key for fs in report.focuses.values() if fs)
    if not firsts:
        return None
    order = [r.key for r in FOCUSES]
    key = min(firsts, key=lambda k: (-firsts[k], order.index(k)))
    return key, firsts[key]


def summary(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """What a manager should know first, in plain sentences."""
    if report.empty:
        return HTML(
            section(t("report.summary", locale), f"<p>{esc(t('report.no_reps', locale))}</p>")
        )
    cad = require_cadence(lib)
    r = report.reps
    span = cad.conversion.new_rep_lead_to_deal
    new = r[r["new_hire"]]
    leads = int(r["leads_contacted"].sum())
    points: list[tuple[str, dict[str, str]]] = [
        (counted("report.sum.team", locale, {"reps": len(r), "new_hires": len(new)}), {})
    ]
    if report.won:
        band = benchmark_band(report.conversion, cad)
        activity = counted(
            "report.sum.activity",
            locale,
            {"leads": leads},
            contacts=int(r["contacts"].sum()),
            won=report.won,
            rate=pct(report.conversion),
            band=t(f"report.band.{band}", locale, low=pct(span.min, 0), high=pct(span.max, 0)),
        )
    else:
        activity = counted(
            "report.sum.activity_no_deal",
            locale,
            {"leads": leads},
            contacts=int(r["contacts"].sum()),
        )
    points.append((activity, {}))
    if len(new):
        target = cad.conversion.leads_per_deal_likely
        short = int((new["leads_per_month"] < target).sum())
        points.append(
            (esc(t("report.sum.new_hires", locale, n=len(new), short=short, target=target)), {})
        )
    rule = cad.contact_rule
    points.append(
        (
            counted(
                "report.sum.follow",
                locale,
                {key: len(rows) for key, rows in report.lists.items()},
                step_n=rule.manager_step_in_after_contacts,
                park_n=rule.park_after_contacts,
            ),
            {},
        )
    )
    comp = report.compliance["compliant"]
    if len(comp):
        points.append(
            (
                counted(
                    "report.sum.cadence",
                    locale,
                    {"cadence_accounts": len(comp)},
                    share=pct(comp.mean(), 0),
                ),
                {},
            )
        )
    before = report.before
    points.append(
        (
            counted(
                "report.sum.change",
                locale,
                {"leads_before": int(before["leads_contacted"].sum())},
                leads=leads,
                won=report.won,
                won_then=int(before["won_accounts"].sum()),
            ),
            {},
        )
    )
    top = _top_focus(report)
    if top:
        key, n = top
        line = counted(
            "report.sum.focus", locale, {"focus_reps": n}, focus=t(f"focus.{key}.name", locale)
        )
        points.append((line, {"focus": key}))
    items = "".join(
        "<li" + "".join(f' data-{k}="{esc(v)}"' for k, v in attrs.items()) + f">{text}</li>"
        for text, attrs in points
    )
    return HTML(section(t("report.summary", locale), f"<ul>{items}</ul>"))


# ---------------------------------------------------------------- the reps


def rep_table(report: TeamReport, locale: Locale) -> HTML:
    """One line per rep: activity, follow-through, cadence, profile depth, change.

    Counts are whole numbers and so are their changes. When the team won no
    deal in the period the conversion column is left out and the page says why.
    """
    if report.empty:
        return HTML("")
    r = report.reps
    delta = changes(report)
    lists = report.list_counts
    cols: dict[str, list[object]] = {
        "rep": [report.rep_label(str(i)) + (" *" if r.loc[i, "new_hire"] else "") for i in r.index],
        "leads": [
            f"{int(v)} ({signed_count(d)})"
            for v, d in zip(r["leads_contacted"], delta["leads_contacted"], strict=True)
        ],
    }
    if report.won:
        cols["conversion"] = [
            f"{pct(v)} ({signed_pct(d)})"
            for v, d in zip(r["conversion"], delta["conversion"], strict=True)
        ]
    cols |= {
        "per_account": [num(v) for v in r["contacts_per_open_account"]],
        "cadence": [pct(v, 0) for v in r["compliance"]],
        "stage": [num(v) for v in r["mean_stage"]],
        "step_in": [int(v) for v in lists["step_in"]],
        "parked_wrongly": [int(v) for v in lists["parked_wrongly"]],
    }
    frame = pd.DataFrame({t(f"report.col.{k}", locale): v for k, v in cols.items()})
    title = t("report.reps", locale)
    notes = [t("report.col.note", locale)]
    if not report.won:
        notes.append(t("report.no_deals", locale))
    body = table(frame, locale, title, css="ck-reps") + "".join(muted(n) for n in notes)
    return HTML(section(title, body))


# ------------------------------------------------------------ account lists


def _account_frame(report: TeamReport, rows: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("report.col.account", locale): [
                account_label(n, str(i)) for i, n in zip(rows.index, rows["name"], strict=True)
            ],
            t("report.col.grade", locale): list(rows["grade"]),
            t("report.col.contacts", locale): [int(c) for c in rows["contacts"]],
            t("report.col.owner", locale): [report.rep_label(o) for o in rows["owner_rep_id"]],
        }
    )


def park_and_step_in(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """Accounts for the manager: step in, park, keep active, parked too early; every account
    of each list is on the page (the first rows in view, the rest behind a toggle)."""
    rule = require_cadence(lib).contact_rule
    step, park = rule.manager_step_in_after_contacts, rule.park_after_contacts
    body = ""
    for key in ACCOUNT_LISTS:
        rows = report.lists[key]
        title = t(f"report.list.{key}", locale, step=step, park=park)
        body += (
            f'<div data-list="{key}"><h3>{esc(title)} (<span class="ck-n">{len(rows)}</span>)</h3>'
        )
        if rows.empty:
            body += f"<p>{esc(t('report.list.none', locale))}</p>"
        else:
            body += long_table(_account_frame(report, rows, locale), locale, title)
        body += "</div>"
    return HTML(section(t("report.lists", locale), body))


class ReportView:
    """One team's report, section by section: what each cell of the report notebook shows.

    Parameters
    ----------
    report : TeamReport
        The computed figures.
    lib : Library
        The playbooks (names of criteria, modules and scenarios; the cadence rules).
    locale : "zh" or "en"
        The report's language.
    source : "sample" or "store"
        What kind of data the report reads, as the header names it.
    generated : datetime
        When the report was made (UTC).
    """

    def __init__(
        self,
        report: TeamReport,
        lib: Library,
        locale: Locale,
        source: Source,
        generated: dt.datetime,
    ) -> None:
        self.report, self.lib, self.locale = report, lib, locale
        self.source, self.generated = source, generated

    def header(self) -> HTML:
        """Title, period, source and scope."""
        return header(self.report, self.locale, self.source, self.generated)

    def summary(self) -> HTML:
        """The plain-language summary."""
        return summary(self.report, self.lib, self.locale)

    def funnel(self) -> HTML:
        """The team's funnel."""
        return chart_sections.funnel(self.report, self.locale)

    def leads(self) -> HTML:
        """Leads contacted per rep."""
        return chart_sections.leads(self.report, self.lib, self.locale)

    def skills(self) -> HTML:
        """The rep x skill heat map."""
        return chart_sections.skills(self.report, self.lib, self.locale)

    def cadence(self) -> HTML:
        """Cadence compliance by grade."""
        return chart_sections.cadence(self.report, self.locale)

    def reps(self) -> HTML:
        """The rep table."""
        return rep_table(self.report, self.locale)

    def lists(self) -> HTML:
        """Park and step-in lists."""
        return park_and_step_in(self.report, self.lib, self.locale)

    def key_accounts(self) -> HTML:
        """Key accounts against their tier's visits."""
        return account_sections.key_accounts(self.report, self.lib, self.locale)

    def opportunities(self) -> HTML:
        """Opportunity scores of the accounts reps pursue."""
        return account_sections.opportunities(self.report, self.lib, self.locale)

    def maintenance(self) -> HTML:
        """Relationship-maintenance actions due or missed."""
        return account_sections.maintenance(self.report, self.lib, self.locale)

    def receivables(self) -> HTML:
        """Receivables by class."""
        return account_sections.receivables(self.report, self.lib, self.locale)

    def cards(self) -> HTML:
        """One coaching card per rep."""
        return card_sections.cards(self.report, self.lib, self.locale)

    def method(self) -> HTML:
        """How the figures are worked out."""
        return card_sections.method(self.report, self.lib, self.locale)

    def sections(self) -> list[HTML]:
        """Every section in report order (what the notebook shows, cell by cell)."""
        return [
            self.header(),
            self.summary(),
            self.funnel(),
            self.leads(),
            self.skills(),
            self.cadence(),
            self.reps(),
            self.lists(),
            self.key_accounts(),
            self.opportunities(),
            self.maintenance(),
            self.receivables(),
            self.cards(),
            self.method(),
        ]
