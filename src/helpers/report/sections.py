"""The sections of a team coaching report, as objects a notebook cell displays.

Each function takes a :class:`helpers.report.figures.TeamReport` and returns an
IPython display object (HTML, Markdown or a PNG image) in the report's
language; the report notebook calls one per cell. Images are embedded PNGs,
so the exported HTML carries its figures whatever the plotting backend.
"""

from __future__ import annotations

import datetime as dt
import html
import math

import pandas as pd
from IPython.display import HTML, Image

from helpers.i18n import t
from helpers.playbook.library import Library
from helpers.playbook.models import CadenceDoc, Locale
from helpers.plotting import figure_png
from helpers.report import charts
from helpers.report.coaching import FOCUSES, ROLEPLAY_MIN_SCORES, ROLEPLAY_TARGET, Focus
from helpers.report.figures import TeamReport, changes
from helpers.report.metrics import benchmark_band, compliance_by_grade

LIST_LIMIT = 25
"""Longest account list shown in full; longer ones show the first rows and a count."""

STYLE = """<style>
.ck-report { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; max-width: 60rem; }
.ck-report table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
.ck-report th, .ck-report td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem;
  text-align: left; }
.ck-card { border: 1px solid #90caf9; border-radius: 6px; padding: 0.6rem 1rem; margin: 0.8rem 0;
  break-inside: avoid; }
.ck-card h3 { margin: 0.2rem 0 0.5rem; }
.ck-tag { background: #ffe0b2; border-radius: 4px; padding: 0 0.4rem; font-size: 0.8rem; }
.ck-muted { color: #666; font-size: 0.85rem; }
</style>"""


def _esc(value: object) -> str:
    return html.escape(str(value))


def _pct(value: float, digits: int = 1) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}%}"


def _num(value: float, digits: int = 1) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def _signed(value: float, pct: bool = False) -> str:
    if value is None or value != value:
        return "–"
    return f"{value:+.1%}" if pct else f"{value:+.1f}"


def _tier_name(cadence: CadenceDoc, tier: str, locale: Locale) -> str:
    names = {x.id: x.name.get(locale) for x in cadence.key_account_tiers}
    return names.get(tier, tier)


def period_label(report: TeamReport) -> str:
    """``2026-10-01 – 2026-10-31``."""
    return f"{report.period.start:%Y-%m-%d} – {report.period.end:%Y-%m-%d}"


def rep_label(report: TeamReport, rep_id: str) -> str:
    """A rep's name and id."""
    return f"{report.reps.loc[rep_id, 'name']} ({rep_id})"


def _muted(text: str) -> str:
    return f'<p class="ck-muted">{_esc(text)}</p>'


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0, na_rep="–")


def _section(title: str, body: str) -> HTML:
    return HTML(f'<div class="ck-report"><h2>{_esc(title)}</h2>{body}</div>')


# -------------------------------------------------------------------- top


def header(report: TeamReport, locale: Locale, store: str, generated: dt.datetime) -> HTML:
    """Title, period, where the data came from, and the team-only note."""
    title = t("report.title", locale, team=report.team_id)
    lines = [
        t("report.period", locale, period=period_label(report)),
        t(
            "report.previous",
            locale,
            start=f"{report.previous.start:%Y-%m-%d}",
            end=f"{report.previous.end:%Y-%m-%d}",
        ),
        t("report.generated", locale, when=f"{generated:%Y-%m-%d %H:%M} UTC", store=store),
        t("report.scope", locale, team=report.team_id),
    ]
    items = "".join(_muted(line) for line in lines)
    return HTML(f'{STYLE}<div class="ck-report"><h1>{_esc(title)}</h1>{items}</div>')


def summary(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """What a manager should know first, in plain sentences."""
    if report.empty:
        return _section(t("report.summary", locale), f"<p>{_esc(t('report.no_reps', locale))}</p>")
    cad = lib.cadence
    assert cad is not None
    r = report.reps
    span = cad.conversion.new_rep_lead_to_deal
    band = benchmark_band(report.conversion, cad)
    target = cad.conversion.leads_per_deal_likely
    new = r[r["new_hire"]]
    points = [
        t("report.sum.team", locale, reps=len(r), new=len(new)),
        t(
            "report.sum.activity",
            locale,
            leads=int(r["leads_contacted"].sum()),
            contacts=int(r["contacts"].sum()),
            won=int(r["won_accounts"].sum()),
            rate=_pct(report.conversion),
            band=t(f"report.band.{band}", locale, low=_pct(span.min, 0), high=_pct(span.max, 0)),
        ),
    ]
    if len(new):
        short = int((new["leads_per_month"] < target).sum())
        points.append(t("report.sum.new_hires", locale, n=len(new), short=short, target=target))
    acc = report.accounts
    points.append(
        t(
            "report.sum.follow",
            locale,
            step_in=int(acc["step_in"].sum()),
            park=int(acc["park_candidate"].sum()),
            keep=int(acc["keep_active"].sum()),
            early=int(acc["parked_early"].sum()),
        )
    )
    comp = report.compliance["compliant"]
    if len(comp):
        points.append(t("report.sum.cadence", locale, share=_pct(comp.mean(), 0), n=len(comp)))
    before = report.before
    leads_then = int(before["leads_contacted"].sum())
    points.append(
        t(
            "report.sum.change",
            locale,
            leads=int(r["leads_contacted"].sum()),
            then=leads_then,
            won=int(r["won_accounts"].sum()),
            won_then=int(before["won_accounts"].sum()),
        )
    )
    keys = [f.key for fs in report.focuses.values() for f in fs[:1]]
    if keys:
        top = max(set(keys), key=keys.count)
        points.append(
            t("report.sum.focus", locale, focus=t(f"focus.{top}.name", locale), n=keys.count(top))
        )
    body = "<ul>" + "".join(f"<li>{_esc(p)}</li>" for p in points) + "</ul>"
    return _section(t("report.summary", locale), body)


# ---------------------------------------------------------------- charts


def _image(fig: object) -> Image:
    return Image(data=figure_png(fig, dpi=90), format="png")  # type: ignore[arg-type]


def funnel(report: TeamReport, locale: Locale) -> Image:
    """The team's funnel chart."""
    return _image(charts.team_funnel_chart(report.funnel, locale, period_label(report)))


def leads(report: TeamReport, lib: Library, locale: Locale) -> Image | HTML:
    """Leads contacted a month per rep, against the quantity target."""
    if report.empty:
        return HTML("")
    target = lib.cadence.conversion.leads_per_deal_likely if lib.cadence else 20
    r = report.reps
    names = [rep_label(report, str(i)) for i in r.index]
    return _image(
        charts.leads_chart(list(r["leads_per_month"]), names, list(r["new_hire"]), target, locale)
    )


def skills(report: TeamReport, lib: Library, locale: Locale) -> Image | HTML:
    """The rep x skill heatmap of role-play means, with n in every cell."""
    rp = report.roleplay
    if rp.empty or report.empty:
        return _section(t("report.heatmap.title", locale), _esc(t("report.no_scores", locale)))
    criteria = [c for c in lib.criteria if c in set(rp["criterion_id"])]
    criteria += sorted(set(rp["criterion_id"]) - set(criteria))
    names = [lib.criteria[c].name.get(locale) if c in lib.criteria else c for c in criteria]
    reps = list(report.reps.index)
    grid = rp.set_index(["rep_id", "criterion_id"])
    means = [[grid["mean"].get((r, c), math.nan) for c in criteria] for r in reps]
    counts = [[int(grid["n"].get((r, c), 0)) for c in criteria] for r in reps]
    labels = [rep_label(report, str(r)) for r in reps]
    return _image(charts.skill_heatmap(means, counts, labels, names, locale))


def cadence(report: TeamReport, locale: Locale) -> Image | HTML:
    """Visits against each grade's cadence, by grade."""
    by_grade = compliance_by_grade(report.compliance)
    if by_grade.empty:
        return _section(t("report.cadence.title", locale), _esc(t("report.no_accounts", locale)))
    return _image(
        charts.compliance_chart(by_grade["share"].to_dict(), by_grade["accounts"].to_dict(), locale)
    )


def rep_table(report: TeamReport, locale: Locale) -> HTML:
    """One line per rep: activity, follow-through, cadence, profile depth, change."""
    if report.empty:
        return HTML("")
    r = report.reps
    delta = changes(report)
    cols = {
        "rep": [
            rep_label(report, str(i)) + (" *" if r.loc[i, "new_hire"] else "") for i in r.index
        ],
        "leads": [
            f"{v:.0f} ({_signed(d)})"
            for v, d in zip(r["leads_contacted"], delta["leads_contacted"], strict=True)
        ],
        "conversion": [
            f"{_pct(v)} ({_signed(d, pct=True)})"
            for v, d in zip(r["conversion"], delta["conversion"], strict=True)
        ],
        "per_account": [_num(v) for v in r["contacts_per_open_account"]],
        "cadence": [_pct(v, 0) for v in r["compliance"]],
        "stage": [_num(v) for v in r["mean_stage"]],
        "step_in": list(r["step_in"]),
        "parked_early": list(r["parked_early"]),
    }
    frame = pd.DataFrame({t(f"report.col.{k}", locale): v for k, v in cols.items()})
    note = _muted(t("report.col.note", locale))
    return _section(t("report.reps", locale), _table(frame) + note)


# ------------------------------------------------------------ account lists


def _account_list(report: TeamReport, mask: pd.Series, locale: Locale) -> str:
    rows = report.accounts[mask].sort_values("contacts", ascending=False)
    if rows.empty:
        return f"<p>{_esc(t('report.list.none', locale))}</p>"
    shown = rows.head(LIST_LIMIT)
    frame = pd.DataFrame(
        {
            t("report.col.account", locale): shown.index,
            t("report.col.grade", locale): shown["grade"],
            t("report.col.contacts", locale): shown["contacts"],
            t("report.col.owner", locale): [rep_label(report, o) for o in shown["owner_rep_id"]],
        }
    )
    more = ""
    if len(rows) > LIST_LIMIT:
        more = _muted(t("report.list.more", locale, n=len(rows) - LIST_LIMIT))
    return _table(frame) + more


def park_and_step_in(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """Accounts for the manager: step in, park, keep active, parked too early."""
    rule = lib.cadence.contact_rule if lib.cadence else None
    step, park = (
        (rule.manager_step_in_after_contacts, rule.park_after_contacts) if rule else (10, 12)
    )
    acc = report.accounts
    parts = [
        ("step_in", acc["step_in"]),
        ("park", acc["park_candidate"]),
        ("keep", acc["keep_active"]),
        ("parked_early", acc["parked_early"] | acc["parked_protected"]),
    ]
    body = ""
    for key, mask in parts:
        title = t(f"report.list.{key}", locale, step=step, park=park)
        body += f"<h3>{_esc(title)} ({int(mask.sum())})</h3>"
        body += _account_list(report, mask, locale)
    return _section(t("report.lists", locale), body)


# ------------------------------------------------------------ coaching cards


def assignment(lib: Library, assign: str, locale: Locale) -> str:
    """The name of a module or scenario to assign."""
    if assign.startswith("scenario:"):
        sid = assign.split(":", 1)[1]
        doc = next((s for s in lib.scenarios if s.id == sid), None)
        name = doc.title.get(locale) if doc else sid
        return t("report.assign.scenario", locale, name=name)
    return t("report.assign.module", locale, name=t(f"module.{assign}", locale))


def focus_line(focus: Focus, lib: Library, locale: Locale) -> str:
    """One focus as a sentence: what, why (the figures), what to assign."""
    subject = focus.subject
    if focus.key == "roleplay" and subject in lib.criteria:
        subject = lib.criteria[subject].name.get(locale)
    elif focus.key == "module":
        subject = t(f"module.{subject}", locale)
    pct = focus.key in ("conversion", "cadence", "module")

    def fmt(key: str, v: object) -> object:
        if pct and key in ("value", "target"):
            return _pct(float(v))  # type: ignore[arg-type]
        if isinstance(v, float):
            return f"{v:.0f}" if v.is_integer() else f"{v:.1f}"
        return v

    values = {k: fmt(k, v) for k, v in focus.values.items()}
    title = t(f"focus.{focus.key}", locale, subject=subject)
    why = t(f"focus.{focus.key}.why", locale, subject=subject, **values)
    todo = assignment(lib, focus.assign, locale)
    return (
        f"<li><b>{_esc(title)}</b> <span class='ck-muted'>"
        f"({_esc(t('report.priority', locale, p=f'{focus.priority:.2f}'))})</span><br>"
        f"{_esc(why)}<br>&rarr; {_esc(todo)}</li>"
    )


def cards(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """One coaching card per rep: key figures with their change, and three focuses."""
    if report.empty:
        return HTML("")
    delta = changes(report)
    out = []
    for rep_id, row in report.reps.iterrows():
        rid = str(rep_id)
        tag = (
            f" <span class='ck-tag'>{_esc(t('report.new_hire', locale))}</span>"
            if row["new_hire"]
            else ""
        )
        figures = t(
            "report.card.figures",
            locale,
            leads=int(row["leads_contacted"]),
            d_leads=_signed(delta.loc[rep_id, "leads_contacted"]),
            rate=_pct(row["conversion"]),
            contacts=_num(row["contacts_per_open_account"]),
            cadence=_pct(row["compliance"], 0),
            stage=_num(row["mean_stage"]),
        )
        focuses = report.focuses.get(rid, [])
        if focuses:
            items = "".join(focus_line(f, lib, locale) for f in focuses)
            body = f"<ol>{items}</ol>"
        else:
            body = f"<p>{_esc(t('report.card.no_focus', locale))}</p>"
        out.append(
            f"<div class='ck-card'><h3>{_esc(rep_label(report, rid))}{tag}</h3>"
            f"<p>{_esc(figures)}</p>{body}</div>"
        )
    return _section(t("report.cards", locale), "".join(out))


# ------------------------------------------------------------------ method


def method(report: TeamReport, lib: Library, locale: Locale) -> HTML:
    """How every figure and every focus priority is computed."""
    cad = lib.cadence
    assert cad is not None
    rule = cad.contact_rule
    span = cad.conversion.new_rep_lead_to_deal
    defs = [
        t("report.def.leads", locale),
        t("report.def.conversion", locale, low=_pct(span.min, 0), high=_pct(span.max, 0)),
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
        t("report.def.new_hire", locale, months=f"{cad.conversion.new_rep_ramp_months.max:g}"),
    ]
    body = "<ul>" + "".join(f"<li>{_esc(d)}</li>" for d in defs) + "</ul>"
    body += f"<p>{_esc(t('report.def.priority', locale, target=ROLEPLAY_TARGET))}</p>"
    frame = pd.DataFrame(
        {
            t("report.col.focus", locale): [t(f"focus.{r.key}.name", locale) for r in FOCUSES],
            t("report.col.gap", locale): [t(f"focus.{r.key}.gap", locale) for r in FOCUSES],
            t("report.col.weight", locale): [f"{r.weight:g}" for r in FOCUSES],
            t("report.col.weight_new", locale): [f"{r.new_hire_weight:g}" for r in FOCUSES],
        }
    )
    body += _table(frame)
    if report.rubric_versions:
        body += _muted(t("report.def.rubric", locale, versions=", ".join(report.rubric_versions)))
    return _section(t("report.method", locale), body)


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
    store : str
        Where the data came from, as shown in the header (password hidden).
    generated : datetime
        When the report was made (UTC).
    """

    def __init__(
        self,
        report: TeamReport,
        lib: Library,
        locale: Locale,
        store: str,
        generated: dt.datetime,
    ) -> None:
        self.report, self.lib, self.locale = report, lib, locale
        self.store, self.generated = store, generated

    def header(self) -> HTML:
        """Title, period, source and scope."""
        return header(self.report, self.locale, self.store, self.generated)

    def summary(self) -> HTML:
        """The plain-language summary."""
        return summary(self.report, self.lib, self.locale)

    def funnel(self) -> Image:
        """The team's funnel."""
        return funnel(self.report, self.locale)

    def leads(self) -> Image | HTML:
        """Leads contacted a month per rep."""
        return leads(self.report, self.lib, self.locale)

    def skills(self) -> Image | HTML:
        """The rep x skill heatmap."""
        return skills(self.report, self.lib, self.locale)

    def cadence(self) -> Image | HTML:
        """Cadence compliance by grade."""
        return cadence(self.report, self.locale)

    def reps(self) -> HTML:
        """The rep table."""
        return rep_table(self.report, self.locale)

    def lists(self) -> HTML:
        """Park and step-in lists."""
        return park_and_step_in(self.report, self.lib, self.locale)

    def cards(self) -> HTML:
        """One coaching card per rep."""
        return cards(self.report, self.lib, self.locale)

    def method(self) -> HTML:
        """How the figures are worked out."""
        return method(self.report, self.lib, self.locale)

    def sections(self) -> list[HTML | Image]:
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
            self.cards(),
            self.method(),
        ]
