"""Lint messages follow the operator's language; codes, files, lines and fields do not change."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.i18n import catalogue
from helpers.playbook import ContentIssue, PlaybookError, load_library
from helpers.playbook.library import schema_message
from helpers.playbook.source import SourceError, read_source
from tests.conftest import PROJECT
from tests.playbook.lengths import pad_quiz, pad_scenario

SOURCES = PROJECT / "src" / "helpers" / "playbook"
CJK = re.compile(r"[\u3400-\u9fff]")


def where(issue: ContentIssue) -> tuple[str, str, int, str]:
    return issue.code, issue.file.name, issue.line, issue.field


def in_both(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[ContentIssue]:
    """Lint ``root`` in English and in Chinese; return the Chinese problems.

    Both runs must find the same problems at the same places, each with a
    message of its own in each language.
    """
    monkeypatch.setenv("COACHKIT_LOCALE", "en")
    english = load_library(root, strict=False).issues
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    chinese = load_library(root, strict=False).issues
    assert sorted(map(where, english)) == sorted(map(where, chinese))
    assert english, "the fixture was meant to be broken"
    for en, zh in zip(sorted(english, key=where), sorted(chinese, key=where), strict=True):
        assert en.message != zh.message, en.message
    return chinese


def only_zh(root: Path, monkeypatch: pytest.MonkeyPatch) -> ContentIssue:
    (issue,) = in_both(root, monkeypatch)
    return issue


# ------------------------------------------------------------- library checks


def test_dangling_reference_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "product.yaml", "need: margin", "need: margn")
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("dangling-ref", "product.yaml", 17, "chains[0].need")
    assert issue.message == "找不到产品 water 的客户需求 'margn'（是不是 'margin'？）"


def test_reference_into_a_file_that_failed_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "rubric.yaml", "id: objection_handling", "id: Objection-Handling")
    knock_on = [i for i in in_both(mini, monkeypatch) if i.file.name == "scenario.yaml"]
    assert [i.message for i in knock_on] == [
        "找不到评分标准条目 'objection_handling'；它可能在未能加载的文件里：rubric.yaml"
    ]


def test_missing_and_unknown_field_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "flow.yaml", "    goal: {zh: 说明来意。", "    gaol: {zh: 说明来意。")
    found = {where(i): i.message for i in in_both(mini, monkeypatch)}
    assert found[("unknown-field", "flow.yaml", 10, "stages[0].gaol")] == "未知字段"
    assert found[("missing-field", "flow.yaml", 7, "stages[0].goal")] == "缺少必填字段"


def test_schema_errors_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "questions.yaml", "type: expanding", "type: open")
    edit(mini / "product.yaml", "priority: 1", "priority: 9")
    edit(mini / "quiz.yaml", "correct: true", "correct: maybe")
    found = {where(i): i.message for i in in_both(mini, monkeypatch) if i.code == "schema"}
    assert found == {
        ("schema", "questions.yaml", 13, "questions[0].type"): (
            "只能是 'expanding'、'limiting' 或 'closed'（实际是 'open'）"
        ),
        ("schema", "product.yaml", 10, "needs[0].priority"): "应小于或等于 5（实际是 9）",
        ("schema", "quiz.yaml", 10, "items[0].options[0].correct"): (
            "应为 true 或 false（实际是 'maybe'）"
        ),
    }


def test_unknown_kind_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "quiz.yaml", "kind: quiz", "kind: quizz")
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("unknown-kind", "quiz.yaml", 1, "kind")
    assert issue.message.startswith(
        "kind 'quizz' 不是已知的类型；应为以下之一：methods、visit_flow"
    )


def test_yaml_syntax_error_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        mini / "quiz.yaml",
        "name: {zh: 基础测验, en: Basics quiz}",
        "name: {zh: 基础测验, en: Basics",
    )
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("yaml-syntax", "quiz.yaml", 4, "")
    # the parser's own words stay as PyYAML wrote them
    assert issue.message.startswith("YAML 语法错误：while parsing a flow mapping")


def test_duplicate_id_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "flow.yaml", "- id: handle_objections", "- id: opening")
    dup = [i for i in in_both(mini, monkeypatch) if i.code == "duplicate-id"]
    assert [(where(i), i.message) for i in dup] == [
        (
            ("duplicate-id", "flow.yaml", 23, "stages[1].id"),
            "阶段编号 'opening' 重复，首次定义在 flow.yaml:7",
        )
    ]


def test_scenario_paths_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "scenario.yaml", "next: lost", "next: s1")
    found = {where(i): i.message for i in in_both(mini, monkeypatch)}
    assert found == {
        ("endless-path", "scenario.yaml", 27, "steps[0].choices[1].next"): (
            "路径没有终点：会一直循环 s1 -> s1"
        ),
        ("unreachable-step", "scenario.yaml", 96, "steps[7].id"): (
            "从起始步骤 's1' 无法到达步骤 'lost'"
        ),
    }


def test_missing_translation_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        mini / "product.yaml",
        "benefit: {zh: 每箱多赚 3 元, en: 3 yuan more per case}",
        "benefit: {zh: 每箱多赚 3 元}",
    )
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("missing-translation", "product.yaml", 16, "chains[0].benefit")
    assert issue.message == "缺少英文（en）文本"


# -------------------------------------------------------------- method checks


def test_zero_point_choice_with_no_reaction_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        mini / "scenario.yaml",
        "score: 1\n        feedback: {zh: 还没问清就辩解。",
        "score: 0\n        feedback: {zh: 还没问清就辩解。",
    )
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == (
        "zero-point-no-consequence",
        "scenario.yaml",
        42,
        "steps[1].choices[1].next",
    )
    assert issue.message == (
        "选项 'defend' 得 0 分，却和最佳选项 'ask' 一样通向 's3'，好像什么都没发生；"
        "请让它通向客户对此作出反应的步骤"
    )


def test_best_path_that_skips_a_step_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "scenario.yaml", "method_step: confirm", "method_step: ask")
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == (
        "best-path-missing-step",
        "scenario.yaml",
        63,
        "steps[3].choices[0].method_step",
    )
    assert issue.message == (
        "最佳路径跳过了 confirm：ask 之后直接是 respond；最佳路径："
        "s1.good (encourage) -> s2.ask (ask) -> s3.confirm (ask) -> s4.respond (respond) "
        "-> s5.verify (verify) -> won"
    )


def test_best_path_ending_early_in_a_second_round_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "next: won", "next: again")
    scenario.write_text(
        scenario.read_text(encoding="utf-8") + "  - id: again\n"
        "    open_concern: true\n"
        "    customer: {zh: 还有一件事。, en: One more thing.}\n"
        "    choices:\n"
        "      - {id: best, text: {zh: 好的, en: Right}, method_step: encourage, score: 3,\n"
        "         feedback: {zh: 对, en: Good}, next: won}\n"
        "      - {id: weak, text: {zh: 先这样吧，下次再说, en: Let us leave it there for now},\n"
        "         method_step: divide, score: 1, feedback: {zh: 弱, en: Weak}, next: won}\n",
        encoding="utf-8",
    )
    issue = only_zh(mini, monkeypatch)
    assert issue.code == "best-path-missing-step"
    assert issue.message.startswith(
        "最佳路径在第 2 轮（步骤 'again' 处的顾虑仍未解决之后）结束时还缺少 "
        "ask、confirm、respond 和 verify；最佳路径："
    )


def test_open_concern_not_after_verify_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "scenario.yaml", "  - id: s1\n", "  - id: s1\n    open_concern: true\n")
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == (
        "open-concern-not-after-verify",
        "scenario.yaml",
        14,
        "steps[0].open_concern",
    )
    assert issue.message.startswith("步骤 's1' 标记了 open_concern，但没有任何选项通向它")


def test_length_share_error_in_chinese(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pad_quiz(mini, [("longer", "tie")] * 9 + ["tie"] * 10)
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("correct-option-longest", "quiz.yaml", 1, "")
    assert issue.message == (
        "在中文（zh）文本中，20 道测验题里有 9 道的正确选项是唯一最长的（45%），"
        "超过允许的 40%：学员总挑最长的选项就能答对；最多的是 basics（20 个中有 9 个）"
    )


def test_one_file_length_error_in_chinese(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pad_quiz(mini, [("longer", "tie")] * 4)
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("file-answer-longest", "quiz.yaml", 1, "")
    assert issue.message == (
        "在中文（zh）文本中，这个文件的 5 道题里有 4 道的最佳答案是唯一最长的（80%），"
        "单个文件最多允许 60%：学员总挑最长的就能过关。这些题：pad1、pad2、pad3、pad4"
    )


def test_shortest_option_share_error_in_chinese(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad_quiz(mini, [("tie", "shorter")] * 8 + ["tie"] * 11)
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("correct-option-shortest", "quiz.yaml", 1, "")
    assert issue.message == (
        "在英文（en）文本中，20 道测验题里有 9 道的正确选项是唯一最短的（45%），"
        "超过允许的 40%：学员总挑最短的选项就能答对；最多的是 basics（20 个中有 9 个）"
    )


def test_best_choice_length_share_error_in_chinese(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad_scenario(mini, [("tie", "longer")] * 8 + ["tie"] * 7)
    issue = only_zh(mini, monkeypatch)
    assert where(issue) == ("best-choice-longest", "scenario.yaml", 1, "")
    assert issue.message.startswith(
        "在英文（en）文本中，20 个决策步骤里有 9 个的最佳选项是唯一最长的（45%），超过允许的 40%"
    )


def test_best_choice_shortest_share_error_in_chinese(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad_scenario(mini, [("shorter", "tie")] * 5 + ["tie"] * 10)
    found = in_both(mini, monkeypatch)
    assert [where(i) for i in found] == [("best-choice-shortest", "scenario.yaml", 1, "")]
    assert found[0].message == (
        "在中文（zh）文本中，20 个决策步骤里有 9 个的最佳选项是唯一最短的（45%），超过允许的 40%："
        "学员总挑最短的回答就能赢；最多的是 price_water（20 个中有 9 个）"
    )


def test_closed_question_checks_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "questions.yaml", "type: expanding", "type: closed")
    found = {where(i): i.message for i in in_both(mini, monkeypatch)}
    assert found == {
        ("closed-why", "questions.yaml", 14, "questions[0].why.en"): (
            "封闭式提问的 why 必须说明它是替客户回答；英文（en）文本里没有 'behalf'"
        ),
        ("closed-why", "questions.yaml", 14, "questions[0].why.zh"): (
            "封闭式提问的 why 必须说明它是替客户回答；中文（zh）文本里没有 "
            "'替客户'、'替对方' 或 '代客户'"
        ),
    }


def test_many_broken_files_are_all_reported_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "quiz.yaml", "correct: true", "correct: maybe")
    edit(mini / "product.yaml", "priority: 1", "priority: 9")
    edit(mini / "questions.yaml", "type: expanding", "type: open")
    edit(mini / "flow.yaml", "    goal: {zh: 说明来意。", "    gaol: {zh: 说明来意。")
    edit(mini / "scenario.yaml", "next: lost", "next: s1")
    edit(mini / "rubric.yaml", "id: objection_handling", "id: Objection-Handling")
    for issue in in_both(mini, monkeypatch):
        assert CJK.search(issue.message), issue.format()


# ---------------------------------------------------- reading files and errors


def test_source_errors_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    path = tmp_path / "doc.yaml"
    path.write_text("kind: quiz\nid: a\nid: b\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert info.value.line == 3
    assert "键 'id' 重复（第一次出现在第 2 行）" in info.value.message
    path.write_bytes("name: 开场白\n".encode("gb18030"))
    with pytest.raises(SourceError, match="不是 UTF-8 文本"):
        read_source(path)


def test_a_strict_load_names_its_problems_in_chinese(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    edit(mini / "product.yaml", "need: margin", "need: margn")
    with pytest.raises(PlaybookError) as info:
        load_library(mini)
    assert str(info.value).startswith("剧本内容中有 1 处问题：\nproduct.yaml:17:")


def test_other_pydantic_errors_keep_their_own_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    err = {"type": "url_parsing", "msg": "Input should be a valid URL", "input": ["x"]}
    assert schema_message(err) == ("Input should be a valid URL", "schema")
    err = {"type": "value_error", "msg": "Value error, min 3 is larger than max 1", "input": 3}
    assert schema_message(err) == ("min 3 is larger than max 1", "schema")


# ------------------------------------------------------------------- catalogue


def test_every_lint_key_the_code_uses_is_in_the_catalogue() -> None:
    used = set()
    for path in sorted(SOURCES.glob("*.py")):
        used |= set(re.findall(r"[\"'](lint\.[a-z0-9_.]+)[\"']", path.read_text("utf-8")))
    known = {k for k in catalogue() if k.startswith("lint.")}
    assert used, "no lint key found in the sources"
    assert sorted(used - known) == []
    # and no key is left over from a message the code no longer makes
    assert sorted(known - used) == []


def test_lint_keys_name_no_placeholder_that_clashes_with_the_renderer() -> None:
    for key, text in catalogue().items():
        if key.startswith("lint."):
            for locale in ("zh", "en"):
                names = set(re.findall(r"{(\w+)}", text.get(locale)))
                assert not names & {"key", "locale"}, key


def test_a_model_rule_speaks_the_operators_language(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "rubric.yaml", "5: {zh", "6: {zh")
    zh = [i for i in in_both(mini, monkeypatch) if i.field == "criteria[0].anchors.6"]
    assert [i.message for i in zh] == ["评分描述的分数 6 不在 1 到 5 之间"]
