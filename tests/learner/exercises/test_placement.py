"""Placing a customer on a stage and picking the move; putting a method's stages in order."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.placement import grade_placement, method_order
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def case(lib, method: str):
    return next(d for d in lib.of_kind("placement") if d.method == method).cases[0]


@pytest.mark.parametrize("method", ["buyer_process", "ka_development"])
def test_stage_and_move(lib, method: str) -> None:
    c = case(lib, method)
    fit = next(m for m in c.moves if m.fits)
    assert grade_placement(c, c.stage, fit.id, lib).score == 2
    other_stage = next(t.id for t in lib.methods[method].terms if t.id != c.stage)
    poor = next(m for m in c.moves if not m.fits)
    r = grade_placement(c, other_stage, poor.id, lib)
    assert r.score == 0 and r.missed == [c.stage]
    stage_name = lib.terms[c.stage][1].name.en
    # both lines name the stage the case is at; the move line says why and what fits
    assert all(stage_name in t for _, t in r.lines("en"))
    assert poor.why.en in r.items[1].text.en and fit.text.en in r.items[1].text.en


def test_unknown_move_is_named(lib) -> None:
    c = case(lib, "buyer_process")
    r = grade_placement(c, c.stage, "shout", lib)
    assert r.score == 1 and "shout" in r.items[1].text.en


def test_method_order(lib) -> None:
    method = lib.methods["buyer_process"]
    ids = [t.id for t in method.terms]
    assert method_order(method, ids).score == 7
    swapped = [ids[1], ids[0], *ids[2:]]
    r = method_order(method, swapped)
    assert r.score == 6 and r.exercise_id == "method_order:buyer_process"
    # "Unaware" moved to the end: the other six are still in order
    assert method_order(method, [*ids[1:], ids[0]]).score == 6


def test_development_lines_speak_of_the_account(lib) -> None:
    c = case(lib, "ka_development")
    fit = next(m for m in c.moves if m.fits)
    name = lib.terms[c.stage][1].name
    r = grade_placement(c, c.stage, fit.id, lib, "ka_development")
    assert r.items[0].text.en.startswith(f'Right, this account is at the "{name.en}" stage.')
    assert r.items[0].text.zh.startswith(f"对，这个客户的开发处在“{name.zh}”阶段。")
    buyer = case(lib, "buyer_process")
    r = grade_placement(buyer, buyer.stage, None, lib, "buyer_process")
    assert "the customer is at the" in r.items[0].text.en


@pytest.mark.parametrize("method", ["buyer_process", "ka_development"])
def test_every_stage_has_a_case_to_place(lib, method: str) -> None:
    """Ordering alone does not teach a stage: each one has a customer to place on it."""
    placed = {c.stage for d in lib.of_kind("placement") if d.method == method for c in d.cases}
    assert placed == {t.id for t in lib.methods[method].terms}
