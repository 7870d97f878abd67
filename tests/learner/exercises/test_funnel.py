"""Question-funnel exercises."""

from __future__ import annotations

from pathlib import Path

from helpers.learner.exercises import funnel
from helpers.playbook import load_library
from helpers.playbook.models import Question, QuestionBankDoc, Text

T = Text(zh="问题", en="Question")


def bank() -> QuestionBankDoc:
    def q(qid: str, level: int, qtype: str) -> Question:
        return Question(
            id=qid,
            text=Text(zh=f"问题{qid}", en=f"Question {qid}"),
            level=level,
            type=qtype,
            why=Text(zh="原因。", en="Because."),
        )

    return QuestionBankDoc(
        kind="question_bank",
        id="b",
        name=T,
        scenario={"trade": T, "customer": T, "objective": T},
        questions=[q("a", 1, "expanding"), q("b", 3, "limiting"), q("c", 4, "closed")],
    )


def test_classify(mini: Path) -> None:
    lib = load_library(mini)
    r = funnel.classify(lib, bank(), {"a": "expanding", "b": "closed"})
    assert (r.score, r.max_score) == (1, 3)  # c was shown and left unanswered
    assert r.missed == ["limiting", "closed"]
    assert r.lines("en")[1][1] == '"Question b" is a limiting question, not a closed one. Because.'
    assert r.lines("zh")[1][1] == "“问题b”是限定询问，不是封闭式提问。原因。"
    assert r.lines("en")[0][1] == '"Question a" is an expanding question: correct. Because.'
    assert r.rule is not None and r.rule.en.startswith("Scoring: one point for each question")
    part = funnel.classify(lib, bank(), {"a": "expanding"}, presented=["a"])
    assert (part.score, part.max_score) == (1, 1)
    assert funnel.classify(lib, bank(), {}).score == 0


def test_build_funnel_broad_to_narrow(mini: Path) -> None:
    lib = load_library(mini)
    good = funnel.build_funnel(lib, bank(), ["a", "b"])
    assert (good.score, good.max_score, good.missed) == (4, 4, [])
    bad = funnel.build_funnel(lib, bank(), ["b", "a", "c"])
    # one step back up (-1 order), starts narrow (-1), has a closed question (-1 mix)
    assert bad.score == 1
    assert set(bad.missed) == {"question_funnel", "expanding", "closed"}
    dup = funnel.build_funnel(lib, bank(), ["a", "a", "b"])
    assert dup.score == 4 and any("more than once" in t for _, t in dup.lines("en"))
    assert funnel.build_funnel(lib, bank(), []).score == 0
    assert funnel.build_funnel(lib, bank(), ["zz"]).score == 0


def test_own_question_in_either_language(mini: Path) -> None:
    lib = load_library(mini)
    zh = funnel.own_question(lib, "您平时是怎么挑选供应商的？")
    assert zh.score == 1
    # a Chinese question, read by a learner working in English, is explained in English
    assert 'cue: "怎么"' in zh.lines("en")[0][1]
    closed = funnel.own_question(lib, "You sell about 500 cases a week, right?")
    assert closed.score == 0 and closed.missed == ["closed"]
    assert "how, what or which" in closed.lines("en")[1][1]
    assert funnel.own_question(lib, "   ").score == 0


def test_classify_lists_the_questions_in_the_order_shown(mini: Path) -> None:
    lib = load_library(mini)
    r = funnel.classify(lib, bank(), {"c": "closed", "a": "limiting"}, presented=["c", "a", "b"])
    assert [i.item for i in r.items] == ["c", "a", "b"]
    assert [i.points for i in r.items] == [1, 0, 0]


def test_classify_unanswered_says_so(mini: Path) -> None:
    lib = load_library(mini)
    r = funnel.classify(lib, bank(), {"a": "expanding"})
    assert r.lines("en")[2][1] == (
        '"Question c" is a closed question; you did not say which kind it is. Because.'
    )
    assert r.lines("zh")[2][1] == "“问题c”是封闭式提问，你没有给它选类型。原因。"


def test_classify_names_labels_that_are_not_types(mini: Path) -> None:
    lib = load_library(mini)
    # a type's name in the other language is not a type id
    r = funnel.classify(lib, bank(), {"a": "扩大询问", "zz": "closed"}, presented=["a"])
    assert (r.score, r.max_score) == (0, 1)
    lines = [t for _, t in r.lines("en")]
    assert lines[:2] == [
        '"zz" is not one of the options here.',
        '"扩大询问" is not one of the options here.',
    ]
    assert lines[2] == (
        '"Question a" is an expanding question; you did not say which kind it is. Because.'
    )


def test_classify_in_the_shipped_glossary_names_the_types() -> None:
    from tests.conftest import PROJECT

    lib = load_library(PROJECT / "playbooks")
    shipped = lib.question_banks[0]
    q = next(q for q in shipped.questions if q.type == "expanding")
    other = next(o for o in shipped.questions if o.id != q.id)
    r = funnel.classify(lib, shipped, {q.id: "closed"}, presented=[q.id, other.id])
    en = {i.item: t for i, (_, t) in zip(r.items, r.lines("en"), strict=True)}
    zh = {i.item: t for i, (_, t) in zip(r.items, r.lines("zh"), strict=True)}
    assert "is an expanding question, not a closed one." in en[q.id]
    assert "是扩大询问，不是封闭式提问。" in zh[q.id]
    assert "you did not say which kind it is." in en[other.id]
    assert "你没有给它选类型。" in zh[other.id]


def test_model_funnel_runs_from_expanding_to_limiting_without_closed_or_left_out() -> None:
    from tests.conftest import PROJECT

    lib = load_library(PROJECT / "playbooks")
    for shipped in lib.question_banks:
        skip = [q.id for q in shipped.questions[::3]]
        model = funnel.model_funnel(shipped, leave_out=skip)
        types = [q.type for q in model]
        assert len(model) == 8 and "closed" not in types
        assert {"expanding", "limiting"} == set(types)
        assert types == sorted(types, key=funnel.TYPES.index)  # expanding first
        assert [q.level for q in model] == sorted(q.level for q in model)
        assert not set(skip) & {q.id for q in model}


def test_model_funnel_of_a_small_bank(mini: Path) -> None:
    model = funnel.model_funnel(bank())
    assert [q.id for q in model] == ["a", "b"]
    assert funnel.model_funnel(bank(), leave_out=["a", "b"]) == []


def test_build_funnel_points_add_up_to_the_score(mini: Path) -> None:
    lib = load_library(mini)
    for picked in (["a", "b"], ["b", "a", "c"], ["a", "c"], ["c"], ["b", "a"]):
        r = funnel.build_funnel(lib, bank(), picked)
        assert sum(i.points or 0 for i in r.items) == r.score, picked
        assert r.rule is not None
