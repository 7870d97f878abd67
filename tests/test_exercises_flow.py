"""Visit-flow exercises."""

from __future__ import annotations

from pathlib import Path

from helpers.exercises import flow
from helpers.playbook import load_library


def test_stage_order_all_right(mini: Path) -> None:
    f = load_library(mini).canonical_flow
    r = flow.stage_order(f, ["opening", "handle_objections"])
    assert (r.score, r.max_score, r.missed) == (2, 2, [])
    assert r.exercise_id == "flow_order:canonical"
    assert r.lines("en")[0] == (True, 'Step 1, "Opening statement": in the right place.')


def test_stage_order_swapped_names_the_stages(mini: Path) -> None:
    f = load_library(mini).canonical_flow
    r = flow.stage_order(f, ["handle_objections", "opening"])
    assert r.score == 0
    assert r.missed == ["opening", "handle_objections"]
    assert r.lines("zh")[0] == (False, "“开场白”应该是第 1 步，你放在了第 2 步。")


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
    assert r.score == 1 and r.exercise_id == "term_order:opening"


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
