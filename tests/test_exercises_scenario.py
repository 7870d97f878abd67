"""Objection scenarios: walking the dialogue, scoring the path, skipped steps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.exercises import scenario
from helpers.playbook import load_library


def test_best_path(mini: Path) -> None:
    lib = load_library(mini)
    doc = lib.scenarios[0]
    run = scenario.ScenarioRun(lib, doc)
    assert run.current.id == "s1" and not run.finished
    fb = run.choose("good")
    assert fb.ok and fb.method == "ask"
    assert fb.text.en == "A good Ask. (Ask)"
    assert run.finished
    r = run.result()
    assert (r.score, r.max_score, r.missed) == (3, 3, [])
    assert r.lines("en")[-1] == (True, "Outcome: The customer orders.")


def test_poor_choice_names_the_skipped_step_and_replay(mini: Path) -> None:
    lib = load_library(mini)
    run = scenario.ScenarioRun(lib, lib.scenarios[0])
    fb = run.choose("poor")
    assert not fb.ok and fb.method == "divide"
    assert run.skipped() == ["ask"]
    assert run.result().score == 0
    with pytest.raises(ValueError, match="has ended"):
        run.choose("good")
    run.replay()
    assert run.current.id == "s1" and run.path == []


def test_unknown_choice(mini: Path) -> None:
    lib = load_library(mini)
    run = scenario.ScenarioRun(lib, lib.scenarios[0])
    with pytest.raises(ValueError, match="offered: good, poor"):
        run.choose("shout")


def test_max_path_score_over_branches(mini: Path, edit: Callable) -> None:
    edit(mini / "scenario.yaml", "next: won", "next: mid")
    with (mini / "scenario.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - id: mid\n"
            "    choices:\n"
            "      - {id: a, text: {zh: 确认, en: Confirm}, method_step: encourage, score: 2,\n"
            "         feedback: {zh: 好, en: Good}, next: won}\n"
            "      - {id: b, text: {zh: 放弃, en: Give up}, method_step: ask, score: 0,\n"
            "         feedback: {zh: 差, en: Poor}, next: lost}\n"
        )
    lib = load_library(mini)
    doc = lib.scenarios[0]
    assert scenario.max_path_score(doc) == 5
    r = scenario.play(lib, doc, ["good", "b"])
    assert (r.score, r.max_score) == (3, 5)
    assert r.missed == ["encourage"]


def test_skipped_summary_counts_across_attempts() -> None:
    summary = scenario.skipped_summary([["ask", "verify"], ["ask"], []])
    assert summary == [("ask", 2), ("verify", 1)]
