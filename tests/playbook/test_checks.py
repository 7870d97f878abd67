"""Each kind of broken content is rejected with a message naming file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.playbook import ContentIssue, load_library


def problems(root: Path) -> list[ContentIssue]:
    return load_library(root, strict=False).issues


def only(root: Path) -> ContentIssue:
    found = problems(root)
    assert len(found) == 1, [i.format() for i in found]
    return found[0]


def test_yaml_syntax_error_names_its_line(mini: Path, edit: Callable) -> None:
    edit(
        mini / "quiz.yaml",
        "name: {zh: 基础测验, en: Basics quiz}",
        "name: {zh: 基础测验, en: Basics",
    )
    issue = only(mini)
    assert issue.code == "yaml-syntax"
    assert issue.file.name == "quiz.yaml"
    assert issue.line == 4
    # the other files are still loaded and checked
    assert load_library(mini, strict=False).stats()["scenarios"] == 1


def test_missing_translation(mini: Path, edit: Callable) -> None:
    edit(
        mini / "product.yaml",
        "benefit: {zh: 每箱多赚 3 元, en: 3 yuan more per case}",
        "benefit: {zh: 每箱多赚 3 元}",
    )
    issue = only(mini)
    assert issue.code == "missing-translation"
    assert issue.field == "chains[0].benefit"
    assert issue.line == 16
    assert "English (en) text is missing" in issue.message
    assert load_library(mini, strict=False).stats()["missing_translations"] == 1


def test_translation_in_the_wrong_language(mini: Path, edit: Callable) -> None:
    edit(mini / "quiz.yaml", "{zh: 基础测验, en: Basics quiz}", "{zh: Basics quiz, en: 基础测验}")
    found = problems(mini)
    assert {(i.field, i.code) for i in found} == {
        ("name.zh", "missing-translation"),
        ("name.en", "missing-translation"),
    }
    assert all("not written in that language" in i.message for i in found)


def test_plain_string_where_both_languages_are_needed(mini: Path, edit: Callable) -> None:
    edit(mini / "quiz.yaml", "name: {zh: 基础测验, en: Basics quiz}", "name: Basics quiz")
    issue = only(mini)
    assert issue.field == "name"
    assert "{zh: ..., en: ...}" in issue.message


def test_duplicated_id_points_at_both_places(mini: Path, edit: Callable) -> None:
    edit(mini / "flow.yaml", "- id: handle_objections", "- id: opening")
    found = problems(mini)
    dup = [i for i in found if i.code == "duplicate-id"]
    assert len(dup) == 1
    assert dup[0].field == "stages[1].id"
    assert dup[0].line == 23
    assert "duplicate stage id 'opening', first defined at flow.yaml:7" in dup[0].message


def test_duplicated_id_across_files(mini: Path) -> None:
    text = (mini / "quiz.yaml").read_text(encoding="utf-8").replace("id: basics", "id: more")
    (mini / "quiz2.yaml").write_text(text, encoding="utf-8")
    issue = only(mini)
    assert issue.file.name == "quiz2.yaml"
    assert "duplicate quiz item id 'qz1', first defined at quiz.yaml:" in issue.message


def test_dangling_need_reference(mini: Path, edit: Callable) -> None:
    edit(mini / "product.yaml", "need: margin", "need: margn")
    issue = only(mini)
    assert (issue.code, issue.field, issue.line) == ("dangling-ref", "chains[0].need", 17)
    assert issue.message == "unknown need of product water 'margn' (did you mean 'margin'?)"


def test_dangling_stage_method_step_and_criterion(mini: Path, edit: Callable) -> None:
    edit(mini / "rubric.yaml", "stages: [handle_objections]", "stages: [handle_objection]")
    edit(mini / "scenario.yaml", "method_step: ask", "method_step: probe")
    edit(mini / "scenario.yaml", "rubric_criteria: [objection_handling]", "rubric_criteria: [nope]")
    found = {(i.file.name, i.field): i.message for i in problems(mini)}
    assert found == {
        (
            "rubric.yaml",
            "criteria[0].stages[0]",
        ): "unknown stage 'handle_objection' (did you mean 'handle_objections'?)",
        ("scenario.yaml", "steps[1].choices[0].method_step"): "unknown method step 'probe'",
        ("scenario.yaml", "rubric_criteria[0]"): "unknown rubric criterion 'nope'",
    }


BRIEF = """kind: roleplay_brief
id: rp_price
title: {zh: 嫌贵, en: Too expensive}
rubric: roleplay
criteria: [objection_handling]
minutes: 10
situation: {zh: 王老板说你们太贵了。, en: "Mr Wang says you are too expensive."}
parts:
  - name: {zh: 王老板, en: Mr Wang}
    role: {zh: 店主, en: Owner}
    company: {zh: 王记超市, en: Wang's Market}
    background: {zh: 开店十年。, en: Has run the shop for ten years.}
    play: {zh: 一直压价。, en: Keeps pushing on price.}
watch:
  - criterion: objection_handling
    text: {zh: 先鼓励再发问。, en: Encourages before asking.}
"""


def brief(mini: Path) -> Path:
    path = mini / "brief.yaml"
    path.write_text(BRIEF, encoding="utf-8")
    return path


def test_a_roleplay_brief_is_checked_against_its_rubric(mini: Path, edit: Callable) -> None:
    path = brief(mini)
    assert problems(mini) == []
    edit(path, "rubric: roleplay", "rubric: roleplay_rubric")
    issue = only(mini)
    assert (issue.code, issue.field, issue.line) == ("dangling-ref", "rubric", 4)
    assert issue.message == "unknown rubric 'roleplay_rubric' (did you mean 'roleplay'?)"


def test_a_roleplay_brief_names_criteria_of_its_own_rubric(mini: Path, edit: Callable) -> None:
    path = brief(mini)
    edit(path, "criteria: [objection_handling]", "criteria: [objection_handling, commitment]")
    edit(path, "watch:", "watch:\n  - criterion: commitment\n    text: {zh: 要订单。, en: Asks.}")
    issue = only(mini)
    assert (issue.code, issue.field) == ("dangling-ref", "criteria[1]")
    assert issue.message == "unknown criterion of rubric roleplay 'commitment'"


def test_a_roleplay_brief_says_what_to_watch_for_on_each_criterion(
    mini: Path, edit: Callable
) -> None:
    path = brief(mini)
    edit(path, "  - criterion: objection_handling", "  - criterion: objection_handlin")
    issue = only(mini)
    assert issue.code == "schema"
    assert "watch names 'objection_handlin', which is not one of the criteria" in issue.message
    brief(mini)
    edit(path, "criteria: [objection_handling]", "criteria: [objection_handling, closing]")
    assert "criteria with nothing in watch to look for: closing" in only(mini).message


def test_a_roleplay_brief_and_a_scenario_never_share_an_id(mini: Path, edit: Callable) -> None:
    edit(brief(mini), "id: rp_price", "id: price_water")
    issue = only(mini)
    assert (issue.code, issue.file.name) == ("duplicate-id", "scenario.yaml")
    assert "duplicate role-play scenario id 'price_water', first defined at brief.yaml:2" in (
        issue.message
    )


def test_dangling_next_step(mini: Path, edit: Callable) -> None:
    edit(mini / "scenario.yaml", "next: won", "next: wonn")
    found = problems(mini)
    codes = sorted(i.code for i in found)
    # the dangling 'next' also leaves the 'won' ending unreachable
    assert codes == ["dangling-ref", "unreachable-step"]
    dangling = next(i for i in found if i.code == "dangling-ref")
    assert dangling.field == "steps[4].choices[0].next"
    assert "unknown step 'wonn'" in dangling.message


def test_unreachable_step(mini: Path, edit: Callable) -> None:
    edit(mini / "scenario.yaml", "next: lost", "next: won")
    issue = only(mini)
    assert issue.code == "unreachable-step"
    assert issue.field == "steps[7].id"
    assert "step 'lost' cannot be reached from the start step 's1'" in issue.message


def test_endless_path(mini: Path, edit: Callable) -> None:
    edit(mini / "scenario.yaml", "next: lost", "next: s1")
    found = problems(mini)
    endless = [i for i in found if i.code == "endless-path"]
    assert len(endless) == 1
    assert endless[0].field == "steps[0].choices[1].next"
    assert "loops s1 -> s1" in endless[0].message


def test_longer_loop_is_reported_once(mini: Path, edit: Callable) -> None:
    edit(mini / "scenario.yaml", "next: s2", "next: mid")
    with (mini / "scenario.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - id: mid\n"
            "    choices:\n"
            "      - {id: a, text: {zh: 回去, en: Back}, method_step: ask, score: 0,\n"
            "         feedback: {zh: 绕圈, en: Circles}, next: s1}\n"
            "      - {id: b, text: {zh: 结束, en: End}, method_step: ask, score: 3,\n"
            "         feedback: {zh: 结束了, en: Ends}, next: s2}\n"
        )
    endless = [i for i in problems(mini) if i.code == "endless-path"]
    assert [i.message for i in endless] == ["path never ends: it loops s1 -> mid -> s1"]


def test_descriptor_outside_1_to_5(mini: Path, edit: Callable) -> None:
    edit(mini / "rubric.yaml", "5: {zh", "6: {zh")
    found = [i for i in problems(mini) if i.file.name == "rubric.yaml"]
    assert [(i.field, i.message, i.line) for i in found] == [
        ("criteria[0].anchors.6", "descriptor for score 6 is outside 1 to 5", 16)
    ]


def test_descriptor_missing(mini: Path, edit: Callable) -> None:
    edit(mini / "rubric.yaml", "      3: {zh: 用了三步。, en: Uses three steps.}\n", "")
    (issue,) = [i for i in problems(mini) if i.file.name == "rubric.yaml"]
    assert issue.field == "criteria[0]"
    assert "missing descriptor for score [3]" in issue.message


def test_unknown_field(mini: Path, edit: Callable) -> None:
    edit(mini / "flow.yaml", "    goal: {zh: 说明来意。", "    gaol: {zh: 说明来意。")
    found = {(i.field, i.code, i.line) for i in problems(mini)}
    assert ("stages[0].gaol", "unknown-field", 10) in found
    assert ("stages[0].goal", "missing-field", 7) in found


def test_unknown_kind(mini: Path, edit: Callable) -> None:
    edit(mini / "quiz.yaml", "kind: quiz", "kind: quizz")
    issue = only(mini)
    assert issue.code == "unknown-kind"
    assert "'quizz' is not a known kind" in issue.message


def test_exactly_one_canonical_flow(mini: Path, edit: Callable) -> None:
    edit(mini / "flow.yaml", "variant: canonical", "variant: second_visit")
    found = problems(mini)
    assert {i.code for i in found} >= {"flow-variants"}


def test_broken_content_in_many_files_is_all_listed(mini: Path, edit: Callable) -> None:
    edit(mini / "quiz.yaml", "correct: true", "correct: maybe")
    edit(mini / "rubric.yaml", "1: {zh", "0: {zh")
    edit(mini / "product.yaml", "priority: 1", "priority: 9")
    edit(mini / "questions.yaml", "type: expanding", "type: open")
    found = problems(mini)
    broken = {"quiz.yaml", "rubric.yaml", "product.yaml", "questions.yaml"}
    assert {i.file.name for i in found} == broken | {"scenario.yaml"}
    assert all(i.line > 0 for i in found)
    # the scenario's criterion lives in the rubric that failed: the message says so
    knock_on = [i for i in found if i.file.name == "scenario.yaml"]
    assert [i.message for i in knock_on] == [
        "unknown rubric criterion 'objection_handling'; "
        "it may be in a file that failed to load: rubric.yaml"
    ]
