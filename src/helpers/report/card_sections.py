"""The coaching sections of a team coaching report: one card per rep, and how it is made.

A card gives the rep's key figures and up to three focuses, the most urgent
first, each with the evidence and the work to assign
(:mod:`helpers.report.coaching` chooses them); the method section says in
plain words how every figure and the order of the focuses are worked out.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from helpers.i18n import t
from helpers.learner.progress import MASTERED
from helpers.playbook.library import Library
from helpers.playbook.models import CadenceDoc, Locale
from helpers.report import account_sections
from helpers.report.coaching import (
    FOCUSES,
    REVIEWS_FULL_GAP,
    ROLEPLAY_MIN_SCORES,
    ROLEPLAY_TARGET,
    Focus,
)
from helpers.report.figures import TeamReport, changes, require_cadence
from helpers.report.layout import esc, muted, num, pct, section, signed_count, table


def assignment(lib: Library, assign: str, locale: Locale) -> str:
    """The name of a module or scenario to assign."""
    if assign.startswith("scenario:"):
        sid = assign.split(":", 1)[1]
        doc = next((s for s in lib.scenarios if s.id == sid), None)
        name = doc.title.get(locale) if doc else sid
        return t("report.assign.scenario", locale, name=name)
    return t("report.assign.module", locale, name=t(f"module.{assign}", locale))


def focus_line(focus: Focus, lib: Library, locale: Locale) -> str:
    """One focus as a list item: what, why (the figures), what to assign."""
    subject = focus.subject
    if focus.key == "roleplay" and subject in lib.criteria:
        subject = lib.criteria[subject].name.get(locale)
    elif focus.key == "module":
        subject = t(f"module.{subject}", locale)
    shares = focus.key in ("conversion", "cadence", "module")

    def fmt(key: str, v: object) -> object:
        if shares and key in ("value", "target"):
            return pct(float(v))  # type: ignore[arg-type]
        if focus.key == "roleplay" and key == "value":
            return num(float(v))  # type: ignore[arg-type]
        if isinstance(v, float):
            return f"{v:.0f}" if v.is_integer() else f"{v:.1f}"
        return v

    values = {k: fmt(k, v) for k, v in focus.values.items()}
    title = t(f"focus.{focus.key}", locale, subject=subject)
    why = t(f"focus.{focus.key}.why", locale, subject=subject, **values)
    todo = assignment(lib, focus.assign, locale)
    return (
        f'<li data-focus="{esc(focus.key)}"><b>{esc(title)}</b><br>'
        f"{esc(why)}<br>&rarr; {esc(todo)}</li>"
    )


def cards(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """One coaching card per rep: key figures with their change, and up to three focuses,
    the most urgent first (the section says in one sentence what puts a focus first)."""
    if report.empty:
        return HTML("")
    delta = changes(report)
    out = [f"<p>{esc(t('report.cards.intro', locale))}</p>"]
    for rep_id, row in report.reps.iterrows():
        rid = str(rep_id)
        tag = (
            f" <span class='ck-tag'>{esc(t('report.new_hire', locale))}</span>"
            if row["new_hire"]
            else ""
        )
        values = {
            "leads": int(row["leads_contacted"]),
            "d_leads": signed_count(delta.loc[rep_id, "leads_contacted"]),
            "contacts": num(row["contacts_per_open_account"]),
            "cadence": pct(row["compliance"], 0),
            "stage": num(row["mean_stage"]),
        }
        if report.won:
            figures = t("report.card.figures", locale, rate=pct(row["conversion"]), **values)
        else:
            figures = t("report.card.figures_no_deal", locale, **values)
        focuses = report.focuses.get(rid, [])
        if focuses:
            body = "<ol>" + "".join(focus_line(f, lib, locale) for f in focuses) + "</ol>"
        else:
            body = f"<p>{esc(t('report.card.no_focus', locale))}</p>"
        out.append(
            f"<div class='ck-card' data-rep='{esc(rid)}'>"
            f"<h3>{esc(report.rep_label(rid))}{tag}</h3><p>{esc(figures)}</p>{body}</div>"
        )
    return HTML(section(t("report.cards", locale), "".join(out)))


def _tier_name(cadence: CadenceDoc, tier: str, locale: Locale) -> str:
    names = {x.id: x.name.get(locale) for x in cadence.key_account_tiers}
    return names.get(tier, tier)


def gap_values(lib: Library) -> dict[str, object]:
    """The thresholds the ``focus.<key>.gap`` messages name, from the cadence rules and
    :mod:`helpers.report.coaching`."""
    cad = require_cadence(lib)
    conv, rule = cad.conversion, cad.contact_rule
    return {
        "target": conv.leads_per_deal_likely,
        "park": rule.park_after_contacts,
        "low": pct(conv.new_rep_lead_to_deal.min, 0),
        "months": f"{conv.new_rep_ramp_months.max:g}",
        "enough": conv.leads_per_deal_near_certain,
        "half": rule.park_after_contacts // 2,
        "score": f"{ROLEPLAY_TARGET:g}",
        "min": ROLEPLAY_MIN_SCORES,
        "mastered": pct(MASTERED, 0),
        "reviews": REVIEWS_FULL_GAP,
    }


def method(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """How every figure is worked out and how the coaching focuses are chosen, in plain
    words, with when each focus applies and how much it counts."""
    cad = require_cadence(lib)
    rule = cad.contact_rule
    conv = cad.conversion
    span = conv.new_rep_lead_to_deal
    months = f"{conv.new_rep_ramp_months.max:g}"
    defs = [
        t("report.def.leads", locale),
        t("report.def.conversion", locale, low=pct(span.min, 0), high=pct(span.max, 0)),
        t("report.def.contacts", locale),
        t(
            "report.def.rule",
            locale,
            park=rule.park_after_contacts,
            step=rule.manager_step_in_after_contacts,
            tiers=", ".join(_tier_name(cad, x, locale) for x in rule.never_park_tiers) or "–",
        ),
        t("report.def.cadence", locale),
        t("report.def.stage", locale),
        t("report.def.mastery", locale),
        t("report.def.roleplay", locale, min=ROLEPLAY_MIN_SCORES),
        t("report.def.new_hire", locale, months=months),
        *account_sections.method_lines(lib, locale),
    ]
    body = "<ul>" + "".join(f"<li>{esc(d)}</li>" for d in defs) + "</ul>"
    body += f"<h3>{esc(t('report.def.focus_title', locale))}</h3>"
    body += f"<p>{esc(t('report.def.priority', locale))}</p>"
    gaps = gap_values(lib)
    frame = pd.DataFrame(
        {
            t("report.col.focus", locale): [t(f"focus.{r.key}.name", locale) for r in FOCUSES],
            t("report.col.gap", locale): [t(f"focus.{r.key}.gap", locale, **gaps) for r in FOCUSES],
            t("report.col.weight", locale): [f"{r.weight:g}" for r in FOCUSES],
            t("report.col.weight_new", locale): [f"{r.new_hire_weight:g}" for r in FOCUSES],
        }
    )
    body += table(frame, locale, t("report.def.focus_title", locale), css="ck-wrap")
    if report.rubric_versions:
        body += muted(t("report.def.rubric", locale, versions=", ".join(report.rubric_versions)))
    return HTML(section(t("report.method", locale), body))
