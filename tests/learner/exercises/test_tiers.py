"""Key-account tiers: accounts in their tier, counts near 2 : 3 : 5, each tier's visits."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.tiers import expected_counts, sort_tiers, tier_visits
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def test_counts_follow_the_shares(lib) -> None:
    assert expected_counts(lib.cadence.key_account_tiers, 10) == {
        "strategic": 2,
        "important": 3,
        "general": 5,
    }


def test_visits_come_from_the_cadence_rules(lib) -> None:
    strategic = next(t for t in lib.cadence.key_account_tiers if t.id == "strategic")
    assert tier_visits(strategic).en == (
        "a senior executive meets their top level (at least 1 a quarter) "
        "and the rep visits (at least 2 a month)"
    )
    assert tier_visits(strategic).zh == (
        "公司高层每季度至少拜访对方高层 1 次，同时业务员每月至少拜访 2 次"
    )
    general = next(t for t in lib.cadence.key_account_tiers if t.id == "general")
    assert tier_visits(general).en == "the rep follows up on a regular cycle"


def test_all_right_and_all_general(lib) -> None:
    doc = lib.of_kind("tier_sort")[0]
    tiers = lib.cadence.key_account_tiers
    visits = {t.id: t.id for t in tiers}
    right = sort_tiers(doc, tiers, {a.id: a.tier for a in doc.accounts}, visits, lib)
    assert right.score == right.max_score == len(doc.accounts) + len(tiers) + 1
    lazy = sort_tiers(doc, tiers, {a.id: "general" for a in doc.accounts}, visits, lib)
    shares = next(f for f in lazy.items if f.item == "shares")
    assert not shares.ok and "far from 2 : 3 : 5" in shares.text.en
    assert "tier_strategic" in lazy.missed


def test_swapped_visits_cost_their_points(lib) -> None:
    doc = lib.of_kind("tier_sort")[0]
    tiers = lib.cadence.key_account_tiers
    swapped = {"strategic": "important", "important": "strategic", "general": "general"}
    r = sort_tiers(doc, tiers, {a.id: a.tier for a in doc.accounts}, swapped, lib)
    assert r.score == r.max_score - 2


def test_tier_lines_quote_nothing_as_a_value(lib) -> None:
    doc = lib.of_kind("tier_sort")[0]
    tiers = lib.cadence.key_account_tiers
    first = doc.accounts[0]
    r = sort_tiers(doc, tiers, {first.id: None}, {"strategic": "general"}, lib)
    line = next(f for f in r.items if f.item == first.id)
    assert "not placed" in line.text.en and "还没分层" in line.text.zh
    assert "(none)" not in line.text.en
    visits = next(f for f in r.items if f.item == "visits.strategic")
    assert visits.text.en.startswith("Visits for Strategic customer: ")
