"""FFAB exercises."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.exercises import ffab
from helpers.playbook import load_library
from helpers.playbook.models import ProductDoc, Text

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
    assert '"Margin" ranks 1 for the customer; you put it at 2.' in [t for _, t in r.lines("en")]


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
