"""Coaching focuses: gaps, weights, ranking and what gets assigned."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.i18n import t
from helpers.learner.progress import MODULES
from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.report.card_sections import gap_values
from helpers.report.coaching import FOCUSES, RULES, rep_focuses, scenario_for, top_focuses


@pytest.fixture
def lib(mini: Path) -> Library:
    return load_library(mini)


def figures(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "new_hire": False,
        "leads_per_month": 20.0,
        "leads_contacted_window": 120,
        "conversion_window": 0.03,
        "parked": 0,
        "parked_early": 0,
        "compliance": 1.0,
        "open_accounts": 10,
        "stuck_at_first": 0,
        "reviews_overdue": 0,
    }
    base.update(dict.fromkeys(MODULES, 0.9))
    base.update(over)
    return base


NO_SCORES = pd.DataFrame(columns=["criterion_id", "mean", "n"])


def test_a_rep_at_every_benchmark_has_no_focus(lib: Library) -> None:
    assert rep_focuses("R1", figures(), NO_SCORES, {}, lib) == []


def test_quantity_gap_and_new_hire_weight(lib: Library) -> None:
    [f] = rep_focuses("R1", figures(leads_per_month=5.0), NO_SCORES, {}, lib)
    assert (f.key, f.gap, f.weight, f.priority) == ("quantity", 0.75, 1.5, 1.125)
    assert f.assign == "05_follow_up"
    [g] = rep_focuses("R1", figures(leads_per_month=5.0, new_hire=True), NO_SCORES, {}, lib)
    assert g.weight == RULES["quantity"].new_hire_weight and g.priority == 2.25


def test_focuses_rank_by_weight_times_gap(lib: Library) -> None:
    fig = figures(
        leads_per_month=15.0,  # quantity gap 0.25 x 1.5 = 0.375
        parked=4,
        parked_early=3,  # follow-through gap 0.75 x 2 = 1.5
        compliance=0.4,  # cadence gap 0.6 x 1.5 = 0.9
        conversion_window=0.005,  # conversion gap 0.5 x 2 = 1.0
        reviews_overdue=4,  # reviews gap 0.4 x 0.5 = 0.2
    )
    ranked = rep_focuses("R1", fig, NO_SCORES, {}, lib)
    assert [f.key for f in ranked] == [
        "follow_through",
        "conversion",
        "cadence",
        "quantity",
        "reviews",
    ]
    assert [f.priority for f in ranked] == [1.5, 1.0, 0.9, 0.375, 0.2]
    assert [f.key for f in top_focuses(ranked)] == ["follow_through", "conversion", "cadence"]


def test_conversion_needs_enough_leads(lib: Library) -> None:
    # fewer than 100 leads (where a deal is near certain): no deal yet is not evidence
    few = figures(leads_contacted_window=60, conversion_window=0.0)
    assert "conversion" not in [f.key for f in rep_focuses("R1", few, NO_SCORES, {}, lib)]
    many = figures(leads_contacted_window=100, conversion_window=0.0)
    [f] = rep_focuses("R1", many, NO_SCORES, {}, lib)
    assert (f.key, f.gap, f.values["leads"]) == ("conversion", 1.0, 100)


def test_roleplay_focus_assigns_a_scenario_for_the_criterion(lib: Library) -> None:
    rp = pd.DataFrame({"criterion_id": ["objection_handling"], "mean": [2.25], "n": [4]})
    [f] = rep_focuses("R1", figures(), rp, {}, lib)
    assert f.key == "roleplay" and f.subject == "objection_handling"
    assert f.gap == pytest.approx((3.5 - 2.25) / 2.5)
    assert f.assign == "scenario:price_water"  # the mini scenario practises that criterion
    thin = pd.DataFrame({"criterion_id": ["objection_handling"], "mean": [1.0], "n": [1]})
    assert rep_focuses("R1", figures(), thin, {}, lib) == []  # one score says too little


def test_scenario_for_prefers_the_lowest_scored(lib: Library) -> None:
    assert scenario_for(lib, "objection_handling", {"scenario:price_water": 0.9}) == "price_water"
    assert scenario_for(lib, "no_such_criterion", {}) is None


def test_module_focus_below_mastery(lib: Library) -> None:
    fig = figures(**{"03_ffab": 0.2})
    [f] = rep_focuses("R1", fig, NO_SCORES, {}, lib)
    assert (f.key, f.assign, f.subject) == ("module", "03_ffab", "03_ffab")
    assert f.gap == pytest.approx(0.75)


def test_every_focus_has_its_messages_in_both_languages(lib: Library) -> None:
    gaps = gap_values(lib)
    for rule in FOCUSES:
        for locale in ("zh", "en"):
            assert t(f"focus.{rule.key}.gap", locale, **gaps)
            for suffix in ("", ".why", ".name"):
                assert t(
                    f"focus.{rule.key}{suffix}",
                    locale,
                    subject="x",
                    value=1,
                    target=2,
                    early=1,
                    parked=2,
                    stuck=1,
                    open=2,
                    n=3,
                    leads=4,
                    kept=1,
                    missed=1,
                    late=1,
                    stop=1,
                )
