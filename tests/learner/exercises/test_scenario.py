"""Objection scenarios: walking the dialogue, scoring the path, skipped steps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.learner.exercises import scenario
from helpers.playbook import load_library

BEST = ["good", "ask", "confirm", "respond", "verify"]
"""The best path of the mini scenario: the five steps in order, 3 points each."""


def test_best_path(mini: Path) -> None:
    lib = load_library(mini)
    doc = lib.scenarios[0]
    run = scenario.ScenarioRun(lib, doc)
    assert run.current.id == "s1" and not run.finished
    fb = run.choose("good")
    assert fb.ok and fb.method == "encourage"
    assert fb.text.en == "A good Encourage. (Encourage)"
    assert run.current.id == "s2" and not run.finished
    for cid in BEST[1:]:
        assert run.choose(cid).ok
    assert run.finished
    r = run.result()
    assert (r.score, r.max_score, r.missed) == (15, 15, [])
    assert r.lines("en")[-1] == (True, "Outcome: The customer orders.")


def test_poor_choice_names_the_skipped_step_and_replay(mini: Path) -> None:
    lib = load_library(mini)
    run = scenario.ScenarioRun(lib, lib.scenarios[0])
    fb = run.choose("poor")
    assert not fb.ok and fb.method == "divide"
    assert run.skipped() == ["encourage"]
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
    edit(mini / "scenario.yaml", "next: won", "next: mid")  # after the verify
    with (mini / "scenario.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - id: mid\n"
            "    choices:\n"
            "      - {id: a, text: {zh: 确认, en: Confirm}, method_step: divide, score: 2,\n"
            "         feedback: {zh: 好, en: Good}, next: won}\n"
            "      - {id: b, text: {zh: 放弃, en: Give up}, method_step: ask, score: 0,\n"
            "         feedback: {zh: 差, en: Poor}, next: lost}\n"
        )
    lib = load_library(mini)
    doc = lib.scenarios[0]
    assert scenario.max_path_score(doc) == 17
    r = scenario.play(lib, doc, [*BEST, "b"])
    assert (r.score, r.max_score) == (15, 17)
    assert r.missed == ["divide"]


def test_skipped_summary_counts_across_attempts() -> None:
    summary = scenario.skipped_summary([["ask", "verify"], ["ask"], []])
    assert summary == [("ask", 2), ("verify", 1)]


def test_play_an_empty_path_asks_for_an_answer(mini: Path) -> None:
    lib = load_library(mini)
    r = scenario.play(lib, lib.scenarios[0], [])
    assert (r.score, r.max_score, r.missed) == (0, 15, [])
    assert r.lines("en") == [(False, "No answer yet: choose or fill in an answer first.")]
    assert scenario.ScenarioRun(lib, lib.scenarios[0]).result().items[0].item == "answer"


def test_play_names_a_choice_not_offered_and_ignores_choices_after_the_end(mini: Path) -> None:
    lib = load_library(mini)
    doc = lib.scenarios[0]
    odd = scenario.play(lib, doc, ["shout"])
    assert odd.score == 0
    assert odd.lines("en") == [(False, '"shout" is not one of the options here.')]
    # the choice's words in the other language are not its id
    assert scenario.play(lib, doc, ["发问"]).items[0].item == "发问"
    late = scenario.play(lib, doc, [*BEST, "poor", "shout"])
    assert (late.score, late.missed) == (15, [])


def test_missed_steps_are_stored_with_the_feedback(mini: Path) -> None:
    lib = load_library(mini)
    doc = lib.scenarios[0]
    r = scenario.play(lib, doc, ["poor"])
    stored = r.feedback_json()
    assert stored["missed"] == ["encourage"]
    assert stored["items"][0]["method"] == "divide"
    assert scenario.attempt_missed(lib, doc, ["poor"], stored) == ["encourage"]


def test_missed_steps_of_older_records_are_worked_out_again(mini: Path) -> None:
    lib = load_library(mini)
    doc = lib.scenarios[0]
    old_style = [{"item": "s1.poor", "ok": False, "zh": "", "en": "", "method": "divide"}]
    assert scenario.attempt_missed(lib, doc, ["poor"], old_style) == ["encourage"]
    assert scenario.attempt_missed(lib, doc, None, []) == []  # imported: no path kept
    assert scenario.attempt_missed(lib, doc, ["gone"], old_style) == []  # content changed


def test_resume_replays_a_draft(mini: Path) -> None:
    lib = load_library(mini)
    run = scenario.resume(lib, lib.scenarios[0], ["good"])
    assert run.current.id == "s2" and not run.finished
    run = scenario.resume(lib, lib.scenarios[0], BEST)
    assert run.finished and run.result().score == 15
    with pytest.raises(ValueError, match="offered: good, poor"):
        scenario.resume(lib, lib.scenarios[0], ["shout"])


def test_a_reply_not_the_best_names_the_step_used_and_the_step_called_for(mini: Path) -> None:
    lib = load_library(mini)
    run = scenario.ScenarioRun(lib, lib.scenarios[0])
    fb = run.choose("poor")  # a Divide reply where the moment called for Encourage
    assert fb.text.en == (
        "Gave away price instead of using divide. "
        "You used Divide; this moment called for Encourage."
    )
    assert fb.text.zh.endswith("你用的是“除法”，这时该用的是“鼓励”。")
    assert fb.points == 0
    # the summary counts the step the moment called for, as the line says
    assert run.skipped() == ["encourage"]


def test_a_weaker_reply_of_the_same_step_names_the_step_once(mini: Path) -> None:
    from helpers.playbook.models import Choice, ScenarioStep, Text

    lib = load_library(mini)
    t = Text(zh="好", en="Good.")
    best = Choice(id="a", text=t, feedback=t, score=3, method_step="encourage", next="end")
    weak = Choice(
        id="b", text=t, feedback=Text(zh="弱。", en="Weak."), score=1,
        method_step="encourage", next="end",
    )  # fmt: skip
    step = ScenarioStep(id="s", customer=t, choices=[best, weak])
    line = scenario.choice_feedback(lib, step, weak)
    assert not line.ok and line.points == 1
    assert line.text.en == "Weak. This moment called for Encourage."
    assert line.text.zh == "弱。这时该用的是“鼓励”。"
    good = scenario.choice_feedback(lib, step, best)
    assert good.ok and good.text.en == "Good. (Encourage)" and good.points == 3


def test_a_graded_path_says_how_it_is_scored(mini: Path) -> None:
    lib = load_library(mini)
    r = scenario.play(lib, lib.scenarios[0], BEST)
    assert r.rule is not None and r.rule.en.startswith("Scoring: each reply earns points")
    assert [i.points for i in r.items if i.item != "ending"] == [3, 3, 3, 3, 3]
