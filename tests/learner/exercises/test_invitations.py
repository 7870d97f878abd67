"""Invitations: one point per moment; the feedback names the rule kept or broken."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.invitations import grade_invitation
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


def test_three_ways_of_inviting(lib) -> None:
    cases = lib.of_kind("invitations")[0].cases
    assert [c.way for c in cases] == ["inv_phone", "inv_in_person", "inv_firm"]
    for c in cases:
        best = {m.id: next(ch.id for ch in m.choices if ch.fits) for m in c.moments}
        assert grade_invitation(c, best, lib).score == len(c.moments)


def test_selling_on_the_phone_is_named(lib) -> None:
    phone = lib.of_kind("invitations")[0].cases[0]
    r = grade_invitation(phone, {"before_call": "prepare", "on_the_call": "explain_all"}, lib)
    assert r.score == 1
    line = r.items[1]
    assert not line.ok and "Selling on the phone" in line.text.en and "(By phone)" in line.text.en
    assert r.missed == ["inv_phone"]


def test_a_cold_reply_names_sincerity(lib) -> None:
    phone = lib.of_kind("invitations")[0].cases[0]
    r = grade_invitation(phone, {"on_the_call": "cold_no"}, lib)
    assert "(Sincere and warm)" in r.items[1].text.en
    assert "You did not pick" in r.items[0].text.en


def test_a_quoted_best_choice_is_not_punctuated_twice(lib) -> None:
    phone = lib.of_kind("invitations")[0].cases[0]
    r = grade_invitation(phone, {"before_call": "prepare", "on_the_call": "cold_no"}, lib)
    line = r.items[1].text
    assert line.en.startswith("That does not fit. Not wrong as such")
    assert 'suit you?" No business on the phone' in line.en
    assert line.zh.startswith("不合适。话没错")
    assert "方便？”电话里不谈生意" in line.zh
    prepare = grade_invitation(phone, {"before_call": "dial_now"}, lib).items[0].text
    assert "pick two times you could meet. A phone invitation is prepared first" in prepare.en
    assert "想好两个可以见面的时间。电话邀约要先准备" in prepare.zh
    for doubled in ("”。", '?".', ": Calling", " — ", "——"):
        assert doubled not in line.zh and doubled not in line.en
