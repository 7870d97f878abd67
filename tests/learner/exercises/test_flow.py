"""Visit-flow exercises."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.learner.exercises import flow
from helpers.playbook import load_library
from helpers.playbook.models import Text


def test_stage_order_all_right(mini: Path) -> None:
    f = load_library(mini).canonical_flow
    r = flow.stage_order(f, ["opening", "handle_objections"])
    assert (r.score, r.max_score, r.missed) == (2, 2, [])
    assert r.exercise_id == "flow_order:canonical"
    assert r.lines("en")[0] == (True, 'Step 1, "Opening statement": in the right place.')


def test_stage_order_swapped_names_the_stages(mini: Path) -> None:
    f = load_library(mini).canonical_flow
    r = flow.stage_order(f, ["handle_objections", "opening"])
    # neither is at its place, and a single item is in order with nothing
    assert r.score == 0
    assert r.missed == ["opening", "handle_objections"]
    assert r.lines("zh")[0] == (
        False,
        "“开场白”应该是第 1 步，你放在了第 2 步，和其他各步的先后次序对不上。",
    )


def test_stage_order_edge_cases(mini: Path) -> None:
    f = load_library(mini).canonical_flow
    empty = flow.stage_order(f, [])
    assert empty.score == 0 and empty.items[0].item == "answer"
    dup = flow.stage_order(f, ["opening", "opening"])
    assert dup.score == 1
    assert any("more than once" in t for _, t in dup.lines("en"))
    assert any("missing" in t for _, t in dup.lines("en"))
    odd = flow.stage_order(f, ["opening", "handle_objections", "dance"])
    assert odd.score == 2
    assert any('"dance" is not one of the options' in t for _, t in odd.lines("en"))


def test_term_order_for_the_opening_statement() -> None:
    from tests.conftest import PROJECT

    method = load_library(PROJECT / "playbooks" / "methods.yaml", strict=False).methods[
        "visit_flow"
    ]
    right = ["opening_agenda", "opening_value", "opening_time", "opening_accept"]
    assert flow.term_order(method, "opening_", right).score == 4
    r = flow.term_order(method, "opening_", ["opening_time", *right[:2], right[3]])
    # the time check moved to the front: the other three still follow one another
    assert r.score == 3 and r.exercise_id == "term_order:opening"
    assert r.missed == ["opening_time"]


def test_next_stage(mini: Path) -> None:
    f = load_library(mini).canonical_flow
    ok = flow.next_stage(f, "opening", "handle_objections")
    assert ok.score == 1 and ok.items[0].method == "handle_objections"
    wrong = flow.next_stage(f, "opening", "opening")
    assert wrong.score == 0
    assert 'After "Opening statement" comes "Handle objections"' in wrong.lines("en")[0][1]
    assert flow.next_stage(f, "opening", None).score == 0
    assert flow.next_stage(f, "handle_objections", None).score == 1  # last stage


def test_checklist_pick(mini: Path) -> None:
    stage = load_library(mini).stages["opening"]
    ids = {oid for oid, _ in flow.checklist_options(stage)}
    assert ids == {"c0", "m0"}
    assert flow.checklist_pick(stage, ["c0"]).score == 1
    both = flow.checklist_pick(stage, ["c0", "m0"])
    assert both.score == 0 and both.missed == ["opening"]
    assert any("common mistake" in t for _, t in both.lines("en"))
    assert flow.checklist_pick(stage, []).score == 0


def glossary_method():
    from tests.conftest import PROJECT

    return load_library(PROJECT / "playbooks" / "methods.yaml", strict=False).methods["visit_flow"]


def test_term_order_edge_cases() -> None:
    method = glossary_method()
    empty = flow.term_order(method, "commit_", [])
    assert (empty.score, empty.max_score) == (0, 3)
    assert empty.items[0].item == "answer"
    twice = flow.term_order(method, "commit_", ["commit_restate", "commit_restate"])
    assert twice.score == 1
    assert '"Restate the customer\'s benefit" was picked more than once' in twice.lines("en")[0][1]
    # the parts' names, in the other language, are not their ids
    named = flow.term_order(method, "commit_", ["重提客户利益", "提议下一步", "询问是否接受"])
    assert named.score == 0
    assert named.lines("en")[0] == (False, '"重提客户利益" is not one of the options here.')
    with pytest.raises(ValueError, match="no terms starting with 'close_'"):
        flow.term_order(method, "close_", ["x"])


def test_next_stage_names_unknown_answers(mini: Path) -> None:
    f = load_library(mini).canonical_flow
    odd = flow.next_stage(f, "opening", "dance")
    assert odd.score == 0
    assert odd.lines("en")[0] == (False, '"dance" is not one of the options here.')
    assert 'comes "Handle objections"' in odd.lines("en")[1][1]
    other = flow.next_stage(f, "opening", "处理异议")  # the stage's name, not its id
    assert other.score == 0 and other.items[0].item == "处理异议"
    with pytest.raises(ValueError, match="'nowhere' is not a stage of flow 'canonical'"):
        flow.next_stage(f, "nowhere", "opening")


def test_checklist_lines_name_the_stage(mini: Path) -> None:
    stage = load_library(mini).stages["opening"]
    r = flow.checklist_pick(stage, ["c0", "m0"])
    assert r.lines("en") == [
        (True, '"Propose the agenda": right to pick it. (Opening statement)'),
        (False, '"Selling straight away" should not be picked: it is a common mistake. '
         "(Opening statement)"),
    ]  # fmt: skip
    assert r.lines("zh")[0] == (True, "“提出议程”选得对。（开场白）")
    missed = flow.checklist_pick(stage, ["m0"])
    assert missed.lines("en")[0][1] == 'You missed "Propose the agenda". (Opening statement)'


def test_checklist_repeats_unknown_ids_and_other_language(mini: Path) -> None:
    stage = load_library(mini).stages["opening"]
    twice = flow.checklist_pick(stage, ["c0", "c0"])
    assert twice.score == 1
    assert any("more than once" in t for _, t in twice.lines("en"))
    odd = flow.checklist_pick(stage, ["c9", "提出议程"])
    assert odd.score == 0
    assert [t for _, t in odd.lines("en")][:2] == [
        '"c9" is not one of the options here.',
        '"提出议程" is not one of the options here.',
    ]


def test_an_order_with_empty_places_keeps_its_positions(mini: Path) -> None:
    lib = load_library(mini)
    canonical = lib.canonical_flow
    _, second = [s.id for s in canonical.ordered()]
    r = flow.stage_order(canonical, ["", second])
    assert r.score == 1 and r.items[-1].ok  # the second stage is where it belongs
    assert not any("not one of the options" in t for _, t in r.lines("en"))
    assert flow.stage_order(canonical, ["", ""]).lines("en")[0][1].startswith("No answer yet")
    assert r.rule is not None and r.rule.en.startswith(
        "Scoring: one point for each item in the largest group kept in the right order"
    )


def test_checklist_lines_follow_the_screen_and_count_points(mini: Path) -> None:
    lib = load_library(mini)
    stage = lib.stages["opening"]
    options = flow.checklist_options(stage, seed=3)
    shown = [o for o, _ in options][::-1]
    picked = [o for o, _ in options]
    r = flow.checklist_pick(stage, picked, presented=shown)
    order = [i.item for i in r.items]
    assert order == [o for o in shown if o in order]
    good = sum(1 for o in picked if o.startswith("c"))
    bad = sum(1 for o in picked if o.startswith("m"))
    assert sum(i.points or 0 for i in r.items) == good - bad
    assert r.score == max(0, good - bad)


def test_one_stage_moved_to_the_end_costs_one_point() -> None:
    ids = [f"s{i}" for i in range(7)]
    names = {i: Text(zh=i, en=i) for i in ids}
    r = flow.grade_order("x", ids, names, [*ids[1:], ids[0]])
    assert (r.score, r.max_score, r.missed) == (6, 7, ["s0"])
    assert r.lines("en")[0] == (
        False,
        '"s0" is step 1; you put it at step 7, out of order with the others.',
    )
    assert r.lines("en")[1] == (True, '"s1" (step 2) is in the right order relative to the others.')
    # two neighbours swapped cost one point; the reverse order keeps only one item
    swapped = [ids[0], ids[2], ids[1], *ids[3:]]
    assert flow.grade_order("x", ids, names, swapped).score == 6
    assert flow.grade_order("x", ids, names, ids[::-1]).score == 1


def test_kept_in_order_prefers_items_at_their_place() -> None:
    # reversed: any one item is in order on its own; the one at its exact place is kept
    assert flow.kept_in_order(["a", "b", "c"], ["c", "b", "a"]) == {"b"}
    # unknown ids and empty places are passed over
    assert flow.kept_in_order(["a", "b", "c"], ["b", "x", "", "c", "a"]) == {"b", "c"}
    assert flow.kept_in_order(["a", "b"], ["", "x"]) == set()
    # one item alone counts only at its exact place
    assert flow.kept_in_order(["a", "b"], ["b", "a"]) == set()
    assert flow.kept_in_order(["a", "b"], ["", "b"]) == {"b"}
