"""The chart sections of a team coaching report: funnel, leads per rep, skills, cadence.

Each function returns an IPython :class:`~IPython.display.HTML` figure
(:func:`helpers.report.layout.figure`): a PNG for wide screens and one for
phones, or, for the rep x skill heat map, the same scores as a table with
coloured cells on phones; each with a text alternative in the report's
language that names the chart and its figures.
"""

from __future__ import annotations

import math

from IPython.display import HTML

from helpers.i18n import t
from helpers.playbook.library import Library
from helpers.playbook.models import Locale
from helpers.report import charts
from helpers.report.figures import TeamReport, require_cadence
from helpers.report.layout import bars_html, esc, figure, muted, pct, scroll, section
from helpers.report.metrics import compliance_by_grade


def period_target(report: TeamReport, lib: Library) -> int:
    """The quantity target for the report's period: leads to contact, a whole number."""
    per_month = require_cadence(lib).conversion.leads_per_deal_likely
    return round(per_month * report.period.months)


def funnel(report: TeamReport, locale: Locale) -> HTML:
    """The team's funnel chart."""
    period = report.period_label
    f = report.funnel
    alt = t(
        "report.alt.funnel",
        locale,
        title=t("report.funnel.title", locale, period=period),
        leads=f.get("leads_contacted", 0),
        step=f.get("step_in_reached", 0),
        rule=f.get("rule_reached", 0),
        won=f.get("won", 0),
    )
    keys = list(f)
    first = max(f[keys[0]], 1) if keys else 1
    phone = bars_html(
        t("report.funnel.title", locale, period=period),
        [t(f"report.funnel.{k}", locale) for k in keys],
        {"n": [f[k] for k in keys]},
        {"n": "#1565c0"},
        t("report.funnel.axis", locale),
        figures=[f"{f[k]} ({f[k] / first:.1%})" if i else str(f[k]) for i, k in enumerate(keys)],
    )
    return HTML(
        figure(
            lambda narrow: charts.team_funnel_chart(f, locale, period, narrow),
            alt,
            narrow_html=phone,
            name="funnel",
        )
    )


def leads(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """Leads contacted in the period per rep (the figures of the rep table, as whole
    numbers), against the period's quantity target."""
    if report.empty:
        return HTML("")
    target = period_target(report, lib)
    r = report.reps
    values = [int(v) for v in r["leads_contacted"]]
    names = [report.rep_label(str(i)) for i in r.index]
    alt = t(
        "report.alt.leads",
        locale,
        title=t("report.leads.title", locale, target=target),
        under=sum(v < target for v in values),
        reps=len(values),
        figures="; ".join(f"{n}: {v}" for n, v in zip(names, values, strict=True)),
    )
    new_hire = list(r["new_hire"])
    groups = [g for g in charts.LEADS_COLOURS if any(n == (g == "new_hire") for n in new_hire)]
    phone = bars_html(
        t("report.leads.title", locale, target=target),
        names,
        {
            g: [v if n == (g == "new_hire") else 0 for v, n in zip(values, new_hire, strict=True)]
            for g in groups
        },
        charts.LEADS_COLOURS,
        t("report.leads.axis", locale),
        {g: t(f"report.leads.{g}", locale) for g in groups},
        top=max([*values, target, 1]),
    )
    return HTML(
        figure(
            lambda narrow: charts.leads_chart(values, names, new_hire, target, locale, narrow),
            alt,
            narrow_html=phone,
            name="leads",
        )
    )


def skills_table(
    means: list[list[float]],
    counts: list[list[int]],
    reps: list[str],
    names: list[str],
    locale: Locale,
) -> str:
    """The rep x skill scores as an HTML table with coloured cells (the heat map for phones)."""
    head = "".join(f"<th>{esc(n)}</th>" for n in names)
    rows = []
    for rep, row_means, row_counts in zip(reps, means, counts, strict=True):
        cells = []
        for mean, n in zip(row_means, row_counts, strict=True):
            bg, fg = charts.score_colours(mean)
            text = f"{mean:.1f}<br><small>n={n}</small>" if n else "–"
            cells.append(f'<td style="background:{bg};color:{fg}">{text}</td>')
        rows.append(f"<tr><td>{esc(rep)}</td>{''.join(cells)}</tr>")
    inner = (
        f'<table class="ck-heat"><thead><tr><th>{esc(t("report.heatmap.y", locale))}</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    title = t("report.heatmap.title", locale)
    return (
        f"<h3>{esc(title)}</h3>"
        + scroll(inner, locale, title)
        + muted(t("report.heatmap.key", locale))
    )


def skills(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """The rep x skill heat map of role-play means, with n in every cell; on a phone, the
    same figures as a table with coloured cells."""
    rp = report.roleplay
    if rp.empty or report.empty:
        return HTML(section(t("report.heatmap.title", locale), esc(t("report.no_scores", locale))))
    criteria = [c for c in lib.criteria if c in set(rp["criterion_id"])]
    criteria += sorted(set(rp["criterion_id"]) - set(criteria))
    names = [lib.criteria[c].name.get(locale) if c in lib.criteria else c for c in criteria]
    reps = list(report.reps.index)
    grid = rp.set_index(["rep_id", "criterion_id"])
    means = [[float(grid["mean"].get((r, c), math.nan)) for c in criteria] for r in reps]
    counts = [[int(grid["n"].get((r, c), 0)) for c in criteria] for r in reps]
    labels = [report.rep_label(str(r)) for r in reps]
    alt = t("report.alt.heatmap", locale, title=t("report.heatmap.title", locale))
    return HTML(
        figure(
            lambda _narrow: charts.skill_heatmap(means, counts, labels, names, locale),
            alt,
            narrow_html=skills_table(means, counts, labels, names, locale),
            name="skills",
        )
    )


def cadence(report: TeamReport, locale: Locale) -> HTML:
    """Visits against each grade's cadence, by grade."""
    by_grade = compliance_by_grade(report.compliance)
    if by_grade.empty:
        return HTML(
            section(t("report.cadence.title", locale), esc(t("report.no_accounts", locale)))
        )
    shares = by_grade["share"].to_dict()
    accounts = {g: int(n) for g, n in by_grade["accounts"].items()}
    grades = "; ".join(
        t("report.alt.grade", locale, grade=g, share=pct(shares[g], 0), n=accounts[g])
        for g in shares
    )
    alt = t("report.alt.cadence", locale, title=t("report.cadence.title", locale), grades=grades)
    grade = t("report.cadence.x", locale)
    phone = bars_html(
        t("report.cadence.title", locale),
        [f"{grade} {g}" for g in shares],
        {"share": [shares[g] * 100 for g in shares]},
        {"share": "#1565c0"},
        t("report.cadence.y", locale),
        figures=[f"{pct(shares[g], 0)} (n={accounts[g]})" for g in shares],
        top=100,
    )
    return HTML(
        figure(
            lambda narrow: charts.compliance_chart(shares, accounts, locale, narrow),
            alt,
            narrow_html=phone,
            name="cadence",
        )
    )
