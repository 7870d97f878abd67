"""A learner's own script: the mechanical checks, and honesty about what is not checked."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from helpers.learner.exercises.scripts import (
    DEFAULT_LIMITS,
    check_script,
    limits_for,
    longest_sentence,
    revised,
    speaking_seconds,
)
from helpers.playbook import load_library
from helpers.playbook.models import ScriptLimits
from tests.conftest import PROJECT

CJK = re.compile(r"[\u4e00-\u9fff]")
SITUATIONS = load_library(PROJECT / "playbooks").of_kind("script_practice")[0].situations


@pytest.fixture(scope="module")
def situation():
    return SITUATIONS[0]


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
@pytest.mark.parametrize("case", SITUATIONS, ids=lambda x: x.id)
def test_every_model_script_passes_every_check(case, locale: str) -> None:
    model = case.model_script.get(locale)
    r = check_script(case, {"draft": "先写个草稿再说。" * 4, "revision": model, "done": []})
    assert r.score == 5, [f.text.en for f in r.items if not f.ok]


def test_a_one_character_revision_is_no_revision(situation) -> None:
    draft = (
        "王经理您好，我是康源医药的小林。想约您下周见一面，当面介绍我们新进的品种。"
        "您看周二上午方便吗？"
    )
    for scrap in ("改", "x"):
        r = check_script(situation, {"draft": draft, "revision": scrap, "done": []})
        lines = {f.item: f for f in r.items}
        assert not lines["revised"].ok and "too short to be a script" in lines["revised"].text.en
        assert "修改稿只有约 1 字" in lines["revised"].text.zh
        # the draft, written in full, is what the length and sentences are judged on
        assert lines["length"].ok and "about 0 s" not in lines["length"].text.en
        assert r.score == 4


def test_the_same_script_scores_the_same_in_either_language(situation) -> None:
    zh = "王经理您好，我是小林，想约您下周二见面谈谈，您看方便吗？"
    en = "Hello Mr Wang, this is Xiao Lin. Could we meet next Tuesday? Would that suit you?"
    scores = {}
    for draft, revision in ((zh, zh.replace("下周二", "下周三")), (en, en.replace("Tue", "Wed"))):
        r = check_script(situation, {"draft": draft, "revision": revision, "done": []})
        scores[draft] = r.score
    assert list(scores.values()) == [5, 5]


def sentence_ok(situation, text: str) -> bool:
    r = check_script(situation, {"draft": text, "revision": "", "done": []})
    return next(f for f in r.items if f.item == "sentences").ok


def test_one_breath_is_the_same_time_in_either_language(situation) -> None:
    # 36 characters take 9 s to say: one breath
    chinese = "我们这个品种是专门为慢病病人做的，一个月只要吃一盒，价格也比同类产品便宜三成"
    assert len(CJK.findall(chinese)) == 36
    assert sentence_ok(situation, chinese + "。您看呢？")
    assert not sentence_ok(situation, chinese + "左右。您看呢？")
    # 22 words take 8.8 s; 34 words take 13.6 s, too long for one breath
    assert sentence_ok(situation, " ".join(["word"] * 22) + ". Shall we?")
    assert not sentence_ok(situation, " ".join(["word"] * 34) + ". Shall we?")


def test_too_long_and_no_question(situation) -> None:
    draft = "我们公司的产品质量很好价格也很合理服务也很周到欢迎您选择我们的产品" * 12
    r = check_script(situation, {"draft": draft, "revision": "", "done": []})
    lines = {f.item: f for f in r.items}
    assert lines["written"].ok
    assert not lines["length"].ok and str(DEFAULT_LIMITS.max_seconds) in lines["length"].text.en
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


# ------------------------------------------------------------ limits as content

LIMITS = """\
limits:
  chinese_chars_per_second: 4      # an easy pace, 1 to 10
  english_words_per_second: 2.5    # an easy pace, 0.5 to 6
  min_seconds: 5                   # the least a script (or a revision) takes to say
  max_seconds: 90                  # the longest a script for one moment may take
  max_sentence_seconds: 9          # one breath: 36 characters, or about 22 words
"""


@pytest.fixture
def playbooks(tmp_path: Path) -> Path:
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    return root


def test_the_shipped_limits_are_what_the_checks_use() -> None:
    lib = load_library(PROJECT / "playbooks")
    doc = lib.of_kind("script_practice")[0]
    assert limits_for(lib, doc.situations[0].id) == doc.limits == limits_for(lib)
    assert limits_for(None) == DEFAULT_LIMITS


def test_editing_the_limits_in_the_content_changes_the_grading(
    playbooks: Path, edit: Callable
) -> None:
    scripts = playbooks / "channel" / "scripts.yaml"
    assert LIMITS in scripts.read_text(encoding="utf-8")
    # 34 characters, 8.5 s to say at 4 a second; the longer sentence has 24, 6 s
    draft = "我们新进了一个慢病用药的品种，想当面跟您汇报十分钟。您看下周二上午方便吗？"
    answer = {"draft": draft, "revision": "", "done": []}

    def lines(root: Path) -> dict:
        lib = load_library(root)
        situation = lib.of_kind("script_practice")[0].situations[0]
        result = check_script(situation, answer, lib)
        return {f.item: f for f in result.items} | {"rule": result.rule}

    before = lines(playbooks)
    assert before["written"].ok and before["length"].ok and before["sentences"].ok
    edit(scripts, "  max_sentence_seconds: 9 ", "  max_sentence_seconds: 4 ")
    shorter = lines(playbooks)
    assert shorter["written"].ok and shorter["length"].ok and not shorter["sentences"].ok
    assert "no sentence over 4 s" in shorter["rule"].en
    edit(scripts, "  min_seconds: 5 ", "  min_seconds: 12 ")
    longer = lines(playbooks)
    assert not longer["written"].ok and "under 12 s" in longer["written"].text.en
    assert not longer["length"].ok  # under 12 s it is no script, so its length is not judged
    assert "at least 12 s" in longer["rule"].en
    edit(scripts, "  min_seconds: 12 ", "  min_seconds: 5 ")
    edit(scripts, "  chinese_chars_per_second: 4 ", "  chinese_chars_per_second: 8 ")
    faster = lines(playbooks)  # said twice as fast, the same text takes 4.25 s: under 5 s
    assert not faster["written"].ok and "8 Chinese characters" in faster["rule"].en


@pytest.mark.parametrize(
    "values",
    [
        {"min_seconds": 90, "max_seconds": 90},
        {"max_sentence_seconds": 30, "max_seconds": 20},
        {"chinese_chars_per_second": 0},
        {"english_words_per_second": 20},
        {"max_seconds": 5000},
    ],
)
def test_limits_out_of_bounds_are_refused(values: dict) -> None:
    with pytest.raises(ValidationError):
        ScriptLimits(**values)


def test_a_document_without_limits_uses_the_kits_defaults(playbooks: Path) -> None:
    scripts = playbooks / "channel" / "scripts.yaml"
    scripts.write_text(scripts.read_text(encoding="utf-8").replace(LIMITS, ""), encoding="utf-8")
    assert load_library(playbooks).of_kind("script_practice")[0].limits == ScriptLimits()
