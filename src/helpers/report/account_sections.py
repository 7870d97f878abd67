"""The account sections of a team coaching report: key accounts against their tier's visits,
opportunity scores, relationship-maintenance actions due or missed, receivables by class.

Each section is shown only where the data has what it needs; otherwise it says so in one
sentence. Each opens with its findings in plain words (every count marked with what it
counts, as in the summary), then a chart per rep with a text alternative, the table per rep,
and the accounts to act on, every one of them on the page.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from helpers.i18n import t
from helpers.playbook import receivable_rules as rc_rules
from helpers.playbook.library import Library
from helpers.playbook.models import Locale
from helpers.report import charts
from helpers.report.figures import TeamReport, require_cadence
from helpers.report.key_accounts import score_thresholds
from helpers.report.layout import (
    bars_html,
    counted,
    esc,
    figure,
    long_table,
    num,
    section,
    table,
)
from helpers.report.receivables import CLASSES
from helpers.report.relationship import LOOKAHEAD_DAYS


def _day(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _money(value: float) -> str:
    return f"{value:,.0f}"


def account_name(report: TeamReport, account_id: str) -> str:
    """An account's name and id as the other lists show it (the id alone when the team's
    accounts do not name it)."""
    from helpers.report.sections import account_label

    names = report.accounts["name"] if "name" in report.accounts else pd.Series(dtype=str)
    return account_label(names.get(account_id), account_id)


def tier_name(lib: Library, tier: str, locale: Locale) -> str:
    """A key-account tier's name, from the cadence rules."""
    names = {x.id: x.name.get(locale) for x in require_cadence(lib).key_account_tiers}
    return names.get(tier, tier)


def class_name(lib: Library, cls: str, locale: Locale) -> str:
    """A receivable class's glossary name (``Class A``)."""
    found = lib.terms.get(cls)
    return found[1].name.get(locale) if found else cls


def _list(
    key: str, title: str, frame: pd.DataFrame, count: int, locale: Locale, none: str = ""
) -> str:
    body = f'<div data-list="{esc(key)}"><h3>{esc(title)} (<span class="ck-n">{count}</span>)</h3>'
    if frame.empty:
        body += f"<p>{esc(none or t('report.list.none', locale))}</p>"
    else:
        body += long_table(frame, locale, title)
    return body + "</div>"


def _stacked(
    report: TeamReport,
    parts: dict[str, str],
    values: pd.DataFrame,
    colours: dict[str, str],
    title: str,
    axis: str,
    locale: Locale,
    name: str,
    fmt: Callable[[float], str] = lambda v: f"{v:.0f}",
) -> str:
    """A stacked bar per rep of ``values`` (one column per part of ``parts``: part -> label)."""
    reps = [report.rep_label(str(r)) for r in values.index]
    series = {p: [float(v) for v in values[p]] for p in parts}
    figures = "; ".join(
        t(
            "report.alt.rep_parts",
            locale,
            rep=rep,
            parts=", ".join(
                t("report.alt.part", locale, label=parts[p], value=fmt(series[p][i])) for p in parts
            ),
        )
        for i, rep in enumerate(reps)
    )
    alt = t("report.alt.stacked", locale, title=title, figures=figures)

    def draw(narrow: bool) -> Figure:
        return charts.stacked_bars_chart(reps, series, colours, parts, title, axis, narrow)

    totals = [fmt(sum(series[p][i] for p in parts)) for i in range(len(reps))]
    phone = bars_html(title, reps, series, colours, axis, parts, totals)
    return figure(draw, alt, narrow_html=phone, name=name)


# ----------------------------------------------------------------- key accounts


def key_accounts(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """Key accounts against their tier's visit cadence: per rep, those visited as the tier
    asks and those behind; the strategic accounts behind, named."""
    title = t("report.ka.title", locale)
    rows = report.key_accounts
    if report.empty or rows.empty:
        return HTML(section(title, f"<p>{esc(t('report.ka.none', locale))}</p>", part="ka"))
    cad = require_cadence(lib)
    tiers = [x.id for x in cad.key_account_tiers if x.id in set(rows["tier"])]
    strategic = rows[rows["tier"] == "strategic"]
    behind = strategic[~strategic["on_track"]].sort_values(["visits", "owner_rep_id"])
    kept = {"key_accounts": len(rows), "key_on_track": int(rows["on_track"].sum())}
    lines = [counted("report.ka.sum", locale, kept)]
    if len(strategic):
        visits = next(
            (x.rep_visits_per_month_min for x in cad.key_account_tiers if x.id == "strategic"), 0
        )
        lines.append(
            counted(
                "report.ka.sum_strategic",
                locale,
                {"strategic_accounts": len(strategic), "strategic_behind": len(behind)},
                visits=f"{visits or 0:g}",
            )
        )
    body = "".join(f"<p>{line}</p>" for line in lines)
    per_rep = pd.DataFrame(index=report.reps.index)
    by_rep = rows.groupby("owner_rep_id")["on_track"]
    per_rep["on_track"] = by_rep.sum().reindex(per_rep.index, fill_value=0)
    per_rep["behind"] = (by_rep.size() - by_rep.sum()).reindex(per_rep.index, fill_value=0)
    parts = {k: t(f"report.ka.{k}", locale) for k in ("on_track", "behind")}
    body += _stacked(
        report,
        parts,
        per_rep,
        {"on_track": "#2e7d32", "behind": "#ef6c00"},
        t("report.ka.chart.title", locale),
        t("report.ka.chart.axis", locale),
        locale,
        "key_accounts",
    )
    cols = {t("report.col.rep_of", locale): [report.rep_label(str(r)) for r in per_rep.index]}
    for tier in tiers:
        kept, n = report.reps[f"{tier}_on_track"], report.reps[f"{tier}_accounts"]
        label = t("report.col.tier_on_track", locale, tier=tier_name(lib, tier, locale))
        cols[label] = [f"{int(k)} / {int(m)}" for k, m in zip(kept, n, strict=True)]
    body += table(pd.DataFrame(cols), locale, title)
    listed = pd.DataFrame(
        {
            t("report.col.account", locale): [account_name(report, str(a)) for a in behind.index],
            t("report.col.owner", locale): [report.rep_label(o) for o in behind["owner_rep_id"]],
            t("report.col.visits", locale): [int(v) for v in behind["visits"]],
            t("report.col.required", locale): [int(v) for v in behind["required"]],
            t("report.col.last_visit", locale): [_day(v) for v in behind["last_visit"]],
        }
    )
    body += _list("ka_behind", t("report.ka.overdue", locale), listed, len(behind), locale)
    return HTML(section(title, body, part="ka"))


# ---------------------------------------------------------------- opportunities


def opportunities(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """The weighted opportunity scores of each rep's assessed accounts, pursued or not; the
    pursued accounts scoring low and the unpursued ones scoring high, named."""
    title = t("report.opp.title", locale)
    opp = report.opportunities
    if report.empty or opp.empty:
        return HTML(section(title, f"<p>{esc(t('report.opp.none', locale))}</p>", part="opp"))
    low_score, high_score = score_thresholds(lib)
    low, high = f"{low_score:g}", f"{high_score:g}"
    flagged = {
        f: opp[opp["flag"] == f].sort_values("score") for f in ("pursued_low", "unpursued_high")
    }
    flagged["unpursued_high"] = flagged["unpursued_high"].iloc[::-1]
    counts = {
        "assessed": len(opp),
        "pursued": int(opp["pursued"].astype(bool).sum()),
        **{f: len(rows) for f, rows in flagged.items()},
    }
    body = f"<p>{counted('report.opp.sum', locale, counts, low=low, high=high)}</p>"
    reps = [str(r) for r in report.reps.index]
    mine = [opp[opp["rep_id"] == r] for r in reps]
    labels = [report.rep_label(r) for r in reps]
    legend = {k: t(f"report.opp.{k}", locale) for k in ("pursued", "not_pursued")}
    chart_title = t("report.opp.chart.title", locale)
    figures = "; ".join(
        t(
            "report.alt.rep_parts",
            locale,
            rep=label,
            parts=", ".join(
                t("report.alt.part", locale, label=legend[k], value=", ".join(
                    num(v) for v in rows.loc[rows["pursued"].astype(bool) == on, "score"]) or "–")
                for k, on in (("pursued", True), ("not_pursued", False))
            ),
        )
        for label, rows in zip(labels, mine, strict=True)
    )  # fmt: skip
    alt = t("report.alt.opp", locale, title=chart_title, low=low, high=high, figures=figures)

    def draw(narrow: bool) -> Figure:
        return charts.score_dots_chart(
            labels,
            [list(rows["score"]) for rows in mine],
            [list(rows["pursued"].astype(bool)) for rows in mine],
            low_score,
            high_score,
            legend,
            chart_title,
            t("report.opp.chart.axis", locale),
            narrow,
        )

    body += figure(draw, alt, name="opportunities")
    r = report.reps
    frame = pd.DataFrame(
        {
            t("report.col.rep_of", locale): labels,
            t("report.col.assessed", locale): [int(v) for v in r["assessed"]],
            t("report.col.pursued", locale): [int(v) for v in r["pursued"]],
            t("report.col.pursued_score", locale): [num(v) for v in r["pursued_score"]],
            t("report.col.pursued_low", locale): [int(v) for v in r["pursued_low"]],
            t("report.col.unpursued_high", locale): [int(v) for v in r["unpursued_high"]],
        }
    )
    body += table(frame, locale, title)
    for flag, rows in flagged.items():
        listed = pd.DataFrame(
            {
                t("report.col.account", locale): [
                    account_name(report, a) for a in rows["account_id"]
                ],
                t("report.col.rep_of", locale): [report.rep_label(x) for x in rows["rep_id"]],
                t("report.col.score", locale): [num(v) for v in rows["score"]],
                t("report.col.assessed_on", locale): [_day(v) for v in rows["assessed_on"]],
            }
        )
        heading = t(f"report.opp.list.{flag}", locale, low=low, high=high)
        body += _list(f"opp_{flag}", heading, listed, len(rows), locale)
    return HTML(section(title, body, part="opp"))


# -------------------------------------------------------- relationship upkeep


def maintenance(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """Customer events in or near the period, per rep: answered in time, missed, due; the
    missed and due ones named with the time to answer and the programme's rule."""
    title = t("report.care.title", locale)
    care = report.maintenance
    if report.empty or care.empty:
        return HTML(section(title, f"<p>{esc(t('report.care.none', locale))}</p>", part="care"))
    counts = {f"care_{s}": int((care["status"] == s).sum()) for s in ("done", "overdue", "due")}
    counts["care_events"] = len(care)
    body = f"<p>{counted('report.care.sum', locale, counts, days=LOOKAHEAD_DAYS)}</p>"
    statuses = ("overdue", "due", "done")
    per_rep = report.reps[[f"care_{s}" for s in statuses]].set_axis(list(statuses), axis=1)
    parts = {s: t(f"report.care.status.{s}", locale) for s in statuses}
    body += _stacked(
        report,
        parts,
        per_rep,
        {"overdue": "#c62828", "due": "#ffa726", "done": "#2e7d32"},
        t("report.care.chart.title", locale),
        t("report.care.chart.axis", locale),
        locale,
        "maintenance",
    )
    frame = pd.DataFrame(
        {t("report.col.rep_of", locale): [report.rep_label(str(r)) for r in per_rep.index]}
        | {t(f"report.col.care_{s}", locale): [int(v) for v in per_rep[s]] for s in statuses}
    )
    body += table(frame, locale, title)
    programmes = lib.of_kind("care_programme")
    rules = {r.kind: r.rule.get(locale) for r in programmes[0].event_rules} if programmes else {}
    for status in ("overdue", "due"):
        rows = care[care["status"] == status]
        listed = pd.DataFrame(
            {
                t("report.col.account", locale): [
                    account_name(report, a) for a in rows["account_id"]
                ],
                t("report.col.person", locale): [p or "–" for p in rows["person"]],
                t("report.col.event", locale): [t(f"rm.kind.{k}", locale) for k in rows["kind"]],
                t("report.col.event_day", locale): [_day(v) for v in rows["on"]],
                t("report.col.window", locale): [
                    t("report.care.window", locale, opens=_day(a), closes=_day(b))
                    for a, b in zip(rows["opens"], rows["closes"], strict=True)
                ],
                t("report.col.owner", locale): [report.rep_label(o) for o in rows["owner_rep_id"]],
                t("report.col.rule", locale): [rules.get(k, "") for k in rows["kind"]],
            }
        )
        heading = t(f"report.care.list.{status}", locale, days=LOOKAHEAD_DAYS)
        body += _list(f"care_{status}", heading, listed, len(rows), locale)
    return HTML(section(title, body, part="care"))


# ------------------------------------------------------------------ receivables


def receivables(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """Unpaid balances by class A, B and C per rep (amounts and counts); the balances that
    need the third reminder, whose supply should stop, and those in class B or C, named."""
    title = t("report.rc.title", locale)
    rec = report.receivables
    if report.empty or rec.empty:
        return HTML(section(title, f"<p>{esc(t('report.rc.none', locale))}</p>", part="rc"))
    counts = {f"{c}_n": int((rec["cls"] == c).sum()) for c in CLASSES}
    counts |= {"unpaid": len(rec), "final": int((rec["supply"] == "final").sum())}
    counts["stop"] = int((rec["supply"] == "stop").sum())
    counts["stop_accounts"] = int(rec.loc[rec["supply"] == "stop", "account_id"].nunique())
    sums = {c[-1]: _money(rec.loc[rec["cls"] == c, "amount"].sum()) for c in CLASSES}
    body = f"<p>{counted('report.rc.sum', locale, counts, **sums)}</p>"
    names = {c: class_name(lib, c, locale) for c in CLASSES}
    per_rep = report.reps[[f"{c}_amount" for c in CLASSES]].set_axis(list(CLASSES), axis=1)
    body += _stacked(
        report,
        names,
        per_rep,
        {"rc_a": "#1565c0", "rc_b": "#ffa726", "rc_c": "#c62828"},
        t("report.rc.chart.title", locale),
        t("report.rc.chart.axis", locale),
        locale,
        "receivables",
        fmt=_money,
    )
    r = report.reps
    cols: dict[str, list[object]] = {
        t("report.col.rep_of", locale): [report.rep_label(str(i)) for i in r.index]
    }
    for c in CLASSES:
        cols[t("report.col.rc_class", locale, cls=names[c])] = [
            f"{int(n)} / {_money(a)}" for n, a in zip(r[f"{c}_n"], r[f"{c}_amount"], strict=True)
        ]
    cols[t("report.col.final", locale)] = [int(v) for v in r["final"]]
    cols[t("report.col.stop", locale)] = [int(v) for v in r["stop"]]
    body += table(pd.DataFrame(cols), locale, title)
    lists = {
        "final": rec[rec["supply"] == "final"],
        "stop": rec[rec["supply"] == "stop"],
        "late": rec[rec["cls"] != "rc_a"],
    }
    for key, rows in lists.items():
        rows = rows.sort_values(["due_date", "receivable_id"])
        listed = pd.DataFrame(
            {
                t("report.col.account", locale): [
                    account_name(report, a) for a in rows["account_id"]
                ],
                t("report.col.rep_of", locale): [report.rep_label(x) for x in rows["rep_id"]],
                t("report.col.amount", locale): [_money(v) for v in rows["amount"]],
                t("report.col.due", locale): [_day(v) for v in rows["due_date"]],
                t("report.col.class", locale): [names[c] for c in rows["cls"]],
                t("report.col.reminders", locale): [int(v) for v in rows["reminders"]],
            }
        )
        body += _list(f"rc_{key}", t(f"report.rc.list.{key}", locale), listed, len(rows), locale)
    return HTML(section(title, body, part="rc"))


def method_lines(lib: Library, locale: Locale) -> list[str]:
    """How the four sections' figures are worked out, for the report's method section."""
    cad = require_cadence(lib)
    strategic = next(
        (x.rep_visits_per_month_min for x in cad.key_account_tiers if x.id == "strategic"), None
    )
    low, high = score_thresholds(lib)
    return [
        t("report.def.key_accounts", locale, strategic=f"{strategic or 0:g}"),
        t("report.def.opportunity", locale, low=f"{low:g}", high=f"{high:g}"),
        t("report.def.care", locale),
        t(
            "report.def.receivables",
            locale,
            b=rc_rules.MONTHS_AFTER_TOPPING_OUT,
            due=rc_rules.MONTHS_PAST_DUE,
            c=rc_rules.MONTHS_WITH_TEAM,
            n=rc_rules.REMINDERS_BEFORE_STOP,
        ),
    ]
