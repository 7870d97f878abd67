"""FFAB exercises."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.learner.exercises import ffab
from helpers.playbook import load_library
from helpers.playbook.models import ProductDoc, Text
from tests.conftest import PROJECT

T = Text(zh="文字", en="Text")


def product() -> ProductDoc:
    def chain(cid: str, need: str) -> dict:
        return {
            "id": cid,
            "feature": Text(zh=f"{cid}特征", en=f"{cid} feature"),
            "function": Text(zh=f"{cid}功能", en=f"{cid} function"),
            "advantage": Text(zh=f"{cid}优点", en=f"{cid} advantage"),
            "benefit": Text(zh=f"{cid}利益", en=f"{cid} benefit"),
            "need": need,
        }

    return ProductDoc.model_validate(
        {
            "kind": "product",
            "id": "p",
            "name": T,
            "trade": T,
            "summary": T,
            "customer": T,
            "needs": [
                {"id": "n1", "text": Text(zh="利润", en="Margin"), "priority": 1},
                {"id": "n2", "text": Text(zh="周转", en="Turnover"), "priority": 2},
                {"id": "n3", "text": Text(zh="供货", en="Supply"), "priority": 2},
            ],
            "chains": [chain("x", "n1"), chain("y", "n2")],
            "distractors": [
                {"id": "d", "kind": "jargon", "text": Text(zh="术语", en="Jargon"), "why": T}
            ],
        }
    )


def test_assemble(mini: Path) -> None:
    lib = load_library(mini)
    p = product()
    opts = ffab.assembly_options(p)
    assert {cid for cid, _ in opts["benefit"]} == {"x", "y"}
    right = {s: "x" for s in ffab.SLOTS}
    assert ffab.assemble(lib, p, "x", right).score == 4
    wrong = ffab.assemble(lib, p, "x", {**right, "benefit": "y"})
    assert wrong.score == 3 and wrong.missed == ["benefit"]
    assert 'This one is "x benefit"' in wrong.lines("en")[3][1]
    assert ffab.assemble(lib, p, "x", {}).score == 0


def test_tie_needs() -> None:
    r = ffab.tie_needs(product(), {"x": "n1", "y": "n1"})
    assert r.score == 1
    assert r.lines("en")[1][1] == 'The benefit "y benefit" answers "Turnover", not "Margin".'
    none = ffab.tie_needs(product(), {"x": "n1"})
    assert "(none)" in none.lines("en")[1][1] and "（未选）" in none.lines("zh")[1][1]


def test_spot_distractors() -> None:
    p = product()
    assert ffab.spot_distractors(p, ["distractor:d"]).score == 1
    r = ffab.spot_distractors(p, ["distractor:d", "chain:x"])
    assert r.score == 0
    assert "real benefit" in r.lines("en")[-1][1]
    assert ffab.spot_distractors(p, []).score == 0
    with pytest.raises(ValueError, match="no distractors"):
        ffab.spot_distractors(p.model_copy(update={"distractors": []}), ["x"])


def test_rank_needs_allows_ties() -> None:
    p = product()
    assert ffab.rank_needs(p, ["n1", "n2", "n3"]).score == 3
    assert ffab.rank_needs(p, ["n1", "n3", "n2"]).score == 3  # n2 and n3 share priority 2
    r = ffab.rank_needs(p, ["n2", "n1", "n3"])
    assert r.score == 1
    assert '"Margin" ranks 1 for the customer; you put it at 2. (ffab)' in [
        t for _, t in r.lines("en")
    ]


def test_own_chain(mini: Path) -> None:
    lib = load_library(mini)
    p = product()
    good = {
        "feature": "每箱 24 瓶",
        "function": "一箱很快卖完",
        "advantage": "比竞品周转快",
        "benefit": "您每个月能多进两次货，多赚一笔",
        "need": "n2",
    }
    assert ffab.own_chain(lib, p, good).score == 6
    spec = ffab.own_chain(lib, p, {**good, "benefit": "采用 5 层过滤工艺"})
    assert spec.score == 5 and "benefit" in spec.missed
    assert any("customers buy benefits, not features" in t for _, t in spec.lines("en"))
    same = ffab.own_chain(lib, p, {**good, "function": good["feature"], "need": ""})
    assert same.score == 4
    assert ffab.own_chain(lib, p, {}).score == 0
    english = ffab.own_chain(
        lib, p, {**good, "benefit": "You restock twice as often and earn more", "need": "n2"}
    )
    assert english.score == 6


def glossary():
    return load_library(PROJECT / "playbooks" / "methods.yaml", strict=False)


def test_rank_needs_names_the_method() -> None:
    r = ffab.rank_needs(product(), ["n2", "n1"], glossary())
    # the two needs ranked, then the one left without a rank
    assert [i.method for i in r.items] == ["ffab", "ffab", "ffab"]
    assert r.items[2].item == "n3" and "has no rank yet" in r.lines("en")[2][1]
    assert r.lines("en")[1][1].endswith("you put it at 2. (The FFAB pitch)")
    assert r.lines("zh")[1][1].endswith("（FFAB 产品介绍法）")


def test_rank_needs_counts_a_need_once_and_names_the_repeat() -> None:
    r = ffab.rank_needs(product(), ["n1", "n1", "n2"])
    assert r.score == 2  # n1 at 1, n2 at 3 (shares 2-3 with n3); the repeat earns nothing
    assert r.lines("en")[1] == (
        False,
        '"Margin" was picked more than once; use each only once. (ffab)',
    )


def test_rank_needs_repeat_of_a_tied_need_no_longer_scores_full_marks() -> None:
    pharma = next(
        p for p in load_library(PROJECT / "playbooks").products if p.id.startswith("pharma")
    )
    by_priority = [n.id for n in sorted(pharma.needs, key=lambda n: n.priority)]
    assert len({n.priority for n in pharma.needs[-2:]}) == 1  # the last two share priority 5
    repeat = [*by_priority[:-1], by_priority[-2]]
    r = ffab.rank_needs(pharma, repeat)
    assert (r.score, r.max_score) == (len(by_priority) - 1, len(by_priority))
    assert any("more than once" in t for _, t in r.lines("en"))
    assert ffab.rank_needs(pharma, by_priority).score == len(by_priority)


def test_rank_needs_empty_unknown_and_other_language() -> None:
    empty = ffab.rank_needs(product(), [])
    assert (empty.score, empty.max_score) == (0, 3)
    assert empty.lines("en") == [(False, "No answer yet: choose or fill in an answer first.")]
    odd = ffab.rank_needs(product(), ["利润", "n1"])
    assert odd.score == 0  # n1 sits at 2, and the need's name is not an option
    assert odd.lines("en")[0] == (False, '"利润" is not one of the options here.')


def test_assemble_scores_only_the_slots_asked_for(mini: Path) -> None:
    lib = load_library(mini)
    p = product()
    given = ("feature",)
    empty = ffab.assemble(lib, p, "x", {}, given=given)
    assert (empty.score, empty.max_score) == (0, 3)
    # the feature on its own is no answer when it is given
    assert ffab.assemble(lib, p, "x", {"feature": "x"}, given=given).score == 0
    one = ffab.assemble(lib, p, "x", {"benefit": "x"}, given=given)
    assert (one.score, one.max_score) == (1, 3)
    assert [i.item for i in one.items] == ["function", "advantage", "benefit"]
    assert sorted(one.missed) == ["advantage", "function"]


def test_assemble_names_unknown_picks(mini: Path) -> None:
    lib = load_library(mini)
    p = product()
    r = ffab.assemble(lib, p, "x", {"function": "zz", "price": "x", "benefit": "x"})
    assert r.score == 1
    lines = [t for _, t in r.lines("en")]
    assert '"price" is not one of the options here.' in lines
    assert '"zz" is not one of the options here.' in lines
    other = ffab.assemble(lib, p, "x", {"benefit": "x利益"})  # the line, not its chain id
    assert other.score == 0 and '"x利益" is not one of the options here.' in other.lines("en")[0][1]
    with pytest.raises(ValueError, match="no chain 'nope'"):
        ffab.assemble(lib, p, "nope", {"benefit": "x"})


def test_tie_needs_names_unknown_chains_and_needs() -> None:
    r = ffab.tie_needs(product(), {"x": "n1", "ghost": "n2", "y": "n9"})
    assert r.score == 1
    lines = [t for _, t in r.lines("en")]
    assert lines[:2] == [
        '"ghost" is not one of the options here.',
        '"n9" is not one of the options here.',
    ]
    other = ffab.tie_needs(product(), {"x": "利润"})  # the need's name in Chinese, not its id
    assert other.score == 0 and '"利润" is not one of the options' in other.lines("en")[0][1]
    assert ffab.tie_needs(product(), {"x": ""}).items[0].item == "answer"  # nothing picked


def test_spot_distractors_repeats_and_unknown_ids() -> None:
    p = product()
    twice = ffab.spot_distractors(p, ["distractor:d", "distractor:d"])
    assert (twice.score, twice.max_score) == (1, 1)
    odd = ffab.spot_distractors(p, ["d", "术语"])
    assert odd.score == 0
    assert [t for ok, t in odd.lines("en") if not ok][:2] == [
        '"d" is not one of the options here.',
        '"术语" is not one of the options here.',
    ]
