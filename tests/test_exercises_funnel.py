"""Question-funnel exercises."""

from __future__ import annotations

from pathlib import Path

from helpers.exercises import funnel
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
    assert r.lines("en")[1][1].startswith('"Question b" is limiting, not closed.')
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
