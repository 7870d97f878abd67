"""Adviser-or-vendor pairs: the reply and the skill each earn a point, the feedback says why."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.consultative import grade_reply_pair
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def test_both_parts_right_and_wrong(lib) -> None:
    pair = lib.of_kind("reply_pairs")[0].pairs[0]
    right = grade_reply_pair(pair, "adviser", pair.skill, lib)
    assert (right.score, right.max_score, right.missed) == (2, 2, [])
    other = next(t.id for t in lib.methods["consultative_selling"].terms if t.id != pair.skill)
    wrong = grade_reply_pair(pair, "vendor", other, lib)
    assert wrong.score == 0 and wrong.missed == [pair.skill]
    en = " ".join(t for _, t in wrong.lines("en"))
    assert pair.why.en in en and "That is the vendor's reply" in en
    assert lib.terms[pair.skill][1].name.en in en  # the skill is named


def test_empty_and_half_answers(lib) -> None:
    pair = lib.of_kind("reply_pairs")[0].pairs[0]
    assert grade_reply_pair(pair, None, None, lib).items[0].item == "answer"
    half = grade_reply_pair(pair, "adviser", None, lib)
    assert half.score == 1 and "did not pick the skill" in half.items[1].text.en


def test_no_reply_picked_is_tagged_with_the_method_not_the_skill(lib) -> None:
    pair = lib.of_kind("reply_pairs")[0].pairs[0]
    r = grade_reply_pair(pair, None, pair.skill, lib)
    line = r.items[0]
    method = lib.methods["consultative_selling"].name
    skill = lib.terms[pair.skill][1].name
    assert line.text.en.endswith(f"({method.en})") and line.text.zh.endswith(f"（{method.zh}）")
    assert skill.en not in line.text.en


def test_the_skills_are_quoted_in_english(lib) -> None:
    pair = lib.of_kind("reply_pairs")[0].pairs[0]
    other = next(t for t in lib.methods["consultative_selling"].terms if t.id != pair.skill)
    r = grade_reply_pair(pair, "adviser", other.id, lib)
    skill = lib.terms[pair.skill][1].name.en
    assert f'The adviser shows "{skill}" here, not "{other.name.en}".' in r.items[1].text.en
