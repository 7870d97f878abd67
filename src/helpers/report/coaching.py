"""What to coach next: each rep's three most important focuses, each with work to assign.

Every candidate focus has a *gap* between 0 (at or past the benchmark) and 1
(as far from it as possible) and a fixed *weight*; its priority is
``weight x gap``, and a rep's coaching card shows the three highest. Gaps and
weights are listed in :data:`FOCUSES`, and the report prints them, so a
manager can see exactly why a focus came first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from helpers.learner.progress import MASTERED, MODULES, TOPIC_MODULE
from helpers.playbook.library import Library

ROLEPLAY_TARGET = 3.5
"""A criterion averaging below this (on the 1-5 rubric) is a focus."""
ROLEPLAY_MIN_SCORES = 2
"""Fewer scores than this behind a criterion's mean say too little to coach on."""
REVIEWS_FULL_GAP = 10
"""This many overdue reviews (or more) is the largest gap."""


@dataclass(frozen=True)
class FocusRule:
    """How one kind of focus is weighed."""

    key: str
    """Also names the focus's messages: ``focus.<key>`` (title), ``focus.<key>.gap`` (the
    formula of its gap) and ``focus.<key>.why`` (the evidence line)."""
    weight: float
    new_hire_weight: float


FOCUSES: tuple[FocusRule, ...] = (
    FocusRule("quantity", 1.5, 3.0),
    FocusRule("follow_through", 2.0, 2.0),
    FocusRule("conversion", 2.0, 1.0),
    FocusRule("cadence", 1.5, 1.0),
    FocusRule("profile", 1.0, 0.5),
    FocusRule("roleplay", 2.0, 2.0),
    FocusRule("module", 1.0, 1.5),
    FocusRule("reviews", 0.5, 0.5),
    FocusRule("key_accounts", 1.5, 1.0),
    FocusRule("relationship", 1.0, 0.5),
    FocusRule("receivables", 1.0, 0.5),
)
"""Every kind of focus and its weights, for experienced reps and for new hires (whose first
months the method judges on the number of leads they contact)."""

RULES = {r.key: r for r in FOCUSES}


@dataclass(frozen=True)
class Focus:
    """One thing to coach a rep on, how much it matters, and what to assign."""

    rep_id: str
    key: str
    gap: float
    weight: float
    assign: str
    """A training module (``03_ffab``) or ``scenario:<id>``."""
    subject: str = ""
    """What the focus is about, where the key alone does not say (a criterion or module id)."""
    values: Mapping[str, object] = field(default_factory=dict)
    """The figures behind it, for the plain-language evidence line."""

    @property
    def priority(self) -> float:
        """``weight x gap``."""
        return round(self.weight * self.gap, 4)


def _num(value: object) -> float | None:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if x != x else x


def criterion_module(lib: Library, criterion_id: str) -> str:
    """The training module that teaches what a rubric criterion scores."""
    crit = lib.criteria.get(criterion_id)
    for method in crit.methods if crit else []:
        if method in TOPIC_MODULE:
            return TOPIC_MODULE[method]
    return "01_visit_flow"


def scenario_for(lib: Library, criterion_id: str, done: Mapping[str, float]) -> str | None:
    """The scenario to assign for a criterion: of those that practise it, the one the rep
    has scored lowest on (not tried counts as 0); None if no scenario practises it."""
    options = [s.id for s in lib.scenarios if criterion_id in s.rubric_criteria]
    if not options:
        return None
    return min(options, key=lambda sid: done.get(f"scenario:{sid}", 0.0))


def rep_focuses(
    rep_id: str,
    figures: Mapping[str, object],
    roleplay: pd.DataFrame,
    latest: Mapping[str, float],
    lib: Library,
) -> list[Focus]:
    """Every candidate focus for one rep with a gap above 0, most important first.

    Parameters
    ----------
    figures : mapping
        The rep's row of the report's rep table: ``new_hire``, ``leads_per_month``,
        ``leads_contacted``, ``conversion``, ``parked``, ``parked_early``,
        ``compliance``, ``open_accounts``, ``stuck_at_first``, ``reviews_overdue``,
        one column per training module (mastery 0-1), and where the data has them
        ``strategic_accounts`` and ``strategic_on_track`` (strategic accounts in scope and
        those visited as their tier asks), ``care_overdue`` and ``care_done`` (customer
        events whose answer was missed or given), ``rc_a_n``, ``rc_b_n``, ``rc_c_n`` (unpaid
        balances per class) and ``stop`` (balances whose customer's supply should stop).
    roleplay : DataFrame
        The rep's role-play rows (``criterion_id``, ``mean``, ``n``).
    latest : mapping
        Exercise id -> the rep's latest score ratio (to pick scenarios).
    """
    new = bool(figures.get("new_hire"))

    def focus(key: str, gap: float, assign: str, subject: str = "", **values: object) -> Focus:
        rule = RULES[key]
        weight = rule.new_hire_weight if new else rule.weight
        return Focus(
            rep_id, key, round(min(1.0, max(0.0, gap)), 4), weight, assign, subject, values
        )

    out: list[Focus] = []
    leads_pm = _num(figures.get("leads_per_month")) or 0.0
    target = lib.cadence.conversion.leads_per_deal_likely if lib.cadence else 20
    out.append(
        focus("quantity", 1 - leads_pm / target, "05_follow_up", value=leads_pm, target=target)
    )

    parked = _num(figures.get("parked")) or 0.0
    early = _num(figures.get("parked_early")) or 0.0
    if parked:
        out.append(
            focus("follow_through", early / parked, "05_follow_up", early=early, parked=parked)
        )

    conv = _num(figures.get("conversion_window"))
    leads = _num(figures.get("leads_contacted_window")) or 0.0
    low = lib.cadence.conversion.new_rep_lead_to_deal.min if lib.cadence else 0.01
    enough = lib.cadence.conversion.leads_per_deal_near_certain if lib.cadence else 100
    if conv is not None and leads >= enough:
        out.append(
            focus("conversion", 1 - conv / low, "03_ffab", value=conv, target=low, leads=leads)
        )

    comp = _num(figures.get("compliance"))
    if comp is not None:
        out.append(focus("cadence", 1 - comp, "05_follow_up", value=comp))

    open_ = _num(figures.get("open_accounts")) or 0.0
    stuck = _num(figures.get("stuck_at_first")) or 0.0
    if open_:
        out.append(focus("profile", stuck / open_, "05_follow_up", stuck=stuck, open=open_))

    for row in roleplay.itertuples():
        if row.n < ROLEPLAY_MIN_SCORES:
            continue
        gap = (ROLEPLAY_TARGET - row.mean) / (ROLEPLAY_TARGET - 1)
        scenario = scenario_for(lib, row.criterion_id, latest)
        assign = f"scenario:{scenario}" if scenario else criterion_module(lib, row.criterion_id)
        out.append(focus("roleplay", gap, assign, row.criterion_id, value=row.mean, n=row.n))

    for module in MODULES:
        mastery = _num(figures.get(module))
        if mastery is not None:
            out.append(
                focus("module", (MASTERED - mastery) / MASTERED, module, module, value=mastery)
            )

    overdue = _num(figures.get("reviews_overdue")) or 0.0
    out.append(focus("reviews", overdue / REVIEWS_FULL_GAP, "00_welcome", value=overdue))

    strategic = _num(figures.get("strategic_accounts")) or 0.0
    if strategic:
        kept = _num(figures.get("strategic_on_track")) or 0.0
        out.append(
            focus("key_accounts", 1 - kept / strategic, "06_key_accounts", kept=kept, n=strategic)
        )

    missed = _num(figures.get("care_overdue")) or 0.0
    answered = _num(figures.get("care_done")) or 0.0
    if missed + answered:
        out.append(
            focus(
                "relationship",
                missed / (missed + answered),
                "07_relationship",
                missed=missed,
                n=missed + answered,
            )
        )

    unpaid = sum(_num(figures.get(f"{c}_n")) or 0.0 for c in ("rc_a", "rc_b", "rc_c"))
    if unpaid:
        late = (_num(figures.get("rc_b_n")) or 0.0) + (_num(figures.get("rc_c_n")) or 0.0)
        stop = _num(figures.get("stop")) or 0.0
        out.append(
            focus(
                "receivables",
                max(late, stop) / unpaid,
                "08_channel",
                late=late,
                stop=stop,
                n=unpaid,
            )
        )

    ranked = [f for f in out if f.gap > 0]
    ranked.sort(key=lambda f: (-f.priority, FOCUSES.index(RULES[f.key])))
    return ranked


def top_focuses(focuses: list[Focus], n: int = 3) -> list[Focus]:
    """The ``n`` most important of a rep's focuses (they come ranked from :func:`rep_focuses`)."""
    return focuses[:n]
