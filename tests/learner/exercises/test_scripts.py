"""A learner's own script: the mechanical checks, and honesty about what is not checked."""

from __future__ import annotations

import pytest

from helpers.learner.exercises.scripts import (
    MAX_SECONDS,
    check_script,
    longest_sentence,
    revised,
    speaking_seconds,
)
from helpers.playbook import load_library
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def situation():
    return load_library(PROJECT / "playbooks").of_kind("script_practice")[0].situations[0]


def test_speaking_time() -> None:
    assert speaking_seconds("一二三四") == 1
    assert speaking_seconds("one two three four five") == 2
    assert speaking_seconds(None) == 0


def test_longest_sentence_splits_chinese_and_english() -> None:
    assert (
        longest_sentence("您好。我是康源医药的小林，想约您见一面？")
        == "我是康源医药的小林，想约您见一面"
    )
    assert (
        longest_sentence("Hello. Could we meet on Tuesday? Thanks.") == "Could we meet on Tuesday"
    )


def test_a_revision_must_change_something() -> None:
    assert not revised("Hello there.", "  Hello   there. ")
    assert not revised("Hello there.", "")
    assert revised("Hello there.", "Good morning, Ms Zhou.")


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_the_model_script_passes_every_check(situation, locale: str) -> None:
    model = situation.model_script.get(locale)
    r = check_script(situation, {"draft": "先写个草稿再说。" * 4, "revision": model, "done": []})
    assert r.score == 5


def test_too_long_and_no_question(situation) -> None:
    draft = "我们公司的产品质量很好价格也很合理服务也很周到欢迎您选择我们的产品" * 12
    r = check_script(situation, {"draft": draft, "revision": "", "done": []})
    lines = {f.item: f for f in r.items}
    assert lines["written"].ok
    assert not lines["length"].ok and str(MAX_SECONDS) in lines["length"].text.en
    assert not lines["sentences"].ok and not lines["question"].ok and not lines["revised"].ok
    assert r.score == 1


def test_self_reported_steps_earn_nothing_and_say_so(situation) -> None:
    model = situation.model_script.en
    ticked = check_script(situation, {"draft": model, "revision": "", "done": ["ss_read_aloud"]})
    unticked = check_script(situation, {"draft": model, "revision": "", "done": []})
    assert ticked.score == unticked.score
    line = next(f for f in ticked.items if f.item == "ss_read_aloud")
    assert line.ok and line.points is None and "cannot check" in line.text.en
    assert "cannot check" in next(f for f in unticked.items if f.item == "ss_try").text.en


def test_empty(situation) -> None:
    assert (
        check_script(situation, {"draft": " ", "revision": "", "done": []}).items[0].item
        == "answer"
    )
