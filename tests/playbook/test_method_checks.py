"""The checks of how the content teaches the method, each on a fixture broken one way."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers.cli import app
from helpers.learner.exercises.scenario import max_path_score
from helpers.playbook import ContentIssue, load_library
from helpers.playbook.library import Library, lint
from helpers.playbook.method_checks import (
    LENGTH_DECISION_MIN_COUNT,
    LENGTH_DECISION_SHARE_MAX,
    LENGTH_FILE_MIN_COUNT,
    LENGTH_FILE_SHARE_MAX,
    LENGTH_MIN_COUNT,
    LENGTH_SHARE_MAX,
    LengthEnd,
    best_at_length_end,
    best_paths,
    check_length_giveaway_per_file,
    check_method,
    length_share,
    length_shares,
    yes_no_definitions,
)
from helpers.playbook.models import ObjectionScenarioDoc, Text
from tests.conftest import PROJECT
from tests.playbook.lengths import pad_quiz, pad_scenario


def problems(root: Path) -> list[ContentIssue]:
    return load_library(root, strict=False).issues


def line_of(path: Path, snippet: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``path`` that contains ``snippet``."""
    lines = [n for n, ln in enumerate(path.read_text("utf-8").splitlines(), 1) if snippet in ln]
    return lines[nth - 1]


def where(issue: ContentIssue) -> tuple[str, str, int, str]:
    return issue.code, issue.file.name, issue.line, issue.field


def step(sid: str, best: str, nxt: str, *, open_concern: bool = False) -> str:
    """A decision step to append to the mini scenario: a short best choice and a long weak one."""
    flag = "    open_concern: true\n" if open_concern else ""
    return (
        f"  - id: {sid}\n{flag}"
        "    customer: {zh: 还有一件事。, en: One more thing.}\n"
        "    choices:\n"
        f"      - {{id: best, text: {{zh: 好的, en: Right}}, method_step: {best}, score: 3,\n"
        f"         feedback: {{zh: 对, en: Good}}, next: {nxt}}}\n"
        "      - {id: weak, text: {zh: 先这样吧，下次再说, en: Let us leave it there for now},\n"
        f"         method_step: divide, score: 1, feedback: {{zh: 弱, en: Weak}}, next: {nxt}}}\n"
    )


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


# ------------------------------------------------------------------ valid fixture


def test_the_valid_fixture_passes_every_method_check(mini: Path) -> None:
    lib = load_library(mini)
    assert lib.issues == []
    assert check_method(lib) == []
    # too few steps and items to judge: the best is the shortest in 4 of 5 steps
    assert length_shares(lib) == {
        "scenario_best_longest_share_zh": 0.2,
        "scenario_best_longest_share_en": 0.2,
        "scenario_best_shortest_share_zh": 0.8,
        "scenario_best_shortest_share_en": 0.8,
        "quiz_correct_longest_share_zh": 0.0,
        "quiz_correct_longest_share_en": 0.0,
        "quiz_correct_shortest_share_zh": 1.0,
        "quiz_correct_shortest_share_en": 1.0,
    }


def test_best_path_follows_the_top_score_then_the_most_points(mini: Path) -> None:
    doc = load_library(mini).scenarios[0]
    (path,) = best_paths(doc)
    ids = [f"{doc.steps[i].id}.{doc.steps[i].choices[j].id}" for i, j in path]
    assert ids == ["s1.good", "s2.ask", "s3.confirm", "s4.respond", "s5.verify"]


# --------------------------------------------------------------------- best paths


def test_best_path_that_skips_a_step(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "method_step: confirm", "method_step: ask")
    (issue,) = problems(mini)
    assert where(issue) == (
        "best-path-missing-step",
        "scenario.yaml",
        63,
        "steps[3].choices[0].method_step",
    )
    assert issue.message == (
        "the best path skips confirm: ask is followed by respond; best path: "
        "s1.good (encourage) -> s2.ask (ask) -> s3.confirm (ask) -> s4.respond (respond) "
        "-> s5.verify (verify) -> won"
    )


def test_best_path_that_ends_before_verify(mini: Path, edit: Callable) -> None:
    edit(mini / "scenario.yaml", "method_step: verify", "method_step: respond")
    (issue,) = problems(mini)
    assert where(issue) == (
        "best-path-missing-step",
        "scenario.yaml",
        81,
        "steps[4].choices[0].next",
    )
    assert issue.message.startswith("the best path ends without verify; best path: s1.good")


def test_best_path_with_two_steps_swapped(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "method_step: confirm", "method_step: ask")  # s3
    edit(scenario, "method_step: ask", "method_step: confirm")  # s2
    found = sorted(where(i) for i in problems(mini))
    assert found == [
        ("best-path-missing-step", "scenario.yaml", 33, "steps[1].choices[0].method_step"),
        ("best-path-order", "scenario.yaml", 48, "steps[2].choices[0].method_step"),
    ]
    order = next(i for i in problems(mini) if i.code == "best-path-order")
    assert order.message.startswith("the best path goes back to ask after confirm;")


def test_a_second_round_needs_a_step_marked_open_concern(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "next: won", "next: again")  # after the verify
    append(scenario, step("again", "encourage", "won"))
    (issue,) = problems(mini)
    assert where(issue) == (
        "best-path-order",
        "scenario.yaml",
        line_of(scenario, "id: best"),
        "steps[8].choices[0].method_step",
    )
    assert "goes back to encourage after verify; a new round starts at encourage only on a " in (
        issue.message
    )


def test_a_second_round_runs_all_five_steps(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "next: won", "next: again")
    append(scenario, step("again", "encourage", "won", open_concern=True))
    (issue,) = problems(mini)
    assert where(issue) == (
        "best-path-missing-step",
        "scenario.yaml",
        line_of(scenario, "feedback: {zh: 对, en: Good}, next: won"),
        "steps[8].choices[0].next",
    )
    assert issue.message.startswith(
        "the best path ends without ask, confirm, respond and verify "
        "in round 2 (after the open concern at step 'again'); best path: "
    )


def test_a_full_second_round_after_an_open_concern_passes(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "next: won", "next: again")
    append(
        scenario,
        step("again", "encourage", "r2_ask", open_concern=True)
        + step("r2_ask", "ask", "r2_confirm")
        + step("r2_confirm", "confirm", "r2_respond")
        + step("r2_respond", "respond", "r2_verify")
        + step("r2_verify", "verify", "won"),
    )
    assert problems(mini) == []


# ------------------------------------------------------------------ open concerns


def test_open_concern_must_follow_a_verify(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "  - id: s1\n", "  - id: s1\n    open_concern: true\n")
    (issue,) = problems(mini)
    assert where(issue) == (
        "open-concern-not-after-verify",
        "scenario.yaml",
        14,
        "steps[0].open_concern",
    )
    assert "step 's1' is marked open_concern but no verify choice leads to it" in issue.message


def test_open_concern_best_choice_must_encourage(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "next: won", "next: again")
    append(scenario, step("again", "ask", "won", open_concern=True))
    found = problems(mini)
    restart = [i for i in found if i.code == "open-concern-restart"]
    assert [where(i) for i in restart] == [
        (
            "open-concern-restart",
            "scenario.yaml",
            line_of(scenario, "id: best"),
            "steps[8].choices[0].method_step",
        )
    ]
    assert restart[0].message == (
        "step 'again' is marked open_concern, so its best choice must use encourage "
        "(the method starts again at step one), but 'best' uses ask"
    )
    # the new round also lacks its own encourage
    assert {i.code for i in found} == {"open-concern-restart", "best-path-missing-step"}


def test_open_concern_cannot_end_the_scenario(mini: Path, edit: Callable) -> None:
    scenario = mini / "scenario.yaml"
    edit(scenario, "  - id: won\n", "  - id: won\n    open_concern: true\n")
    (issue,) = problems(mini)
    assert where(issue) == ("open-concern-restart", "scenario.yaml", 89, "steps[5].open_concern")


# ---------------------------------------------------------------- harmful choices


def test_zero_point_choice_with_no_reaction(mini: Path, edit: Callable) -> None:
    edit(
        mini / "scenario.yaml",
        "score: 1\n        feedback: {zh: 还没问清就辩解。",
        "score: 0\n        feedback: {zh: 还没问清就辩解。",
    )
    (issue,) = problems(mini)
    assert where(issue) == (
        "zero-point-no-consequence",
        "scenario.yaml",
        42,
        "steps[1].choices[1].next",
    )
    assert issue.message.startswith(
        "choice 'defend' scores 0 but leads to 's3', the same step as the best choice 'ask'"
    )


# ------------------------------------------------------------------ length


def T(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


def test_best_at_length_end_counts_characters_in_each_language() -> None:
    # zh: the best is the shorter (2 against 6); en: the best is the longer (5 against 4)
    answers = [(T("好的", "Right"), True), (T("行吧，先这样", "Fine"), False)]
    assert best_at_length_end(answers, "zh", "shortest")
    assert not best_at_length_end(answers, "zh", "longest")
    assert best_at_length_end(answers, "en", "longest")
    assert not best_at_length_end(answers, "en", "shortest")


def test_best_at_length_end_needs_the_best_strictly_at_that_end() -> None:
    middle = [(T("一", "a"), False), (T("一二", "ab"), True), (T("一二三", "abc"), False)]
    assert not best_at_length_end(middle, "zh", "longest")
    assert not best_at_length_end(middle, "zh", "shortest")
    # a best answer tied with a poor one for the greatest length is not strictly the longest
    tied = [(T("一二", "ab"), True), (T("二一", "ba"), False), (T("一", "a"), False)]
    assert not best_at_length_end(tied, "en", "longest")
    # two answers share the top score: the longest counts if it is one of them
    two_best = [(T("一二三", "abc"), True), (T("一二", "ab"), True), (T("一", "a"), False)]
    assert best_at_length_end(two_best, "zh", "longest")
    assert not best_at_length_end(two_best, "zh", "shortest")
    assert not best_at_length_end([], "zh", "longest")


def test_length_share_of_a_hand_built_library(mini: Path) -> None:
    # the fixture's five steps: best longest in 1, shortest in 4
    pad_scenario(mini, ["longer"] * 5 + ["shorter"] * 5 + ["tie"] * 5)
    lib = load_library(mini, strict=False)
    for locale in ("zh", "en"):
        assert length_share(lib, locale, "longest") == pytest.approx(6 / 20)
        assert length_share(lib, locale, "shortest") == pytest.approx(9 / 20)
    assert length_shares(lib)["scenario_best_shortest_share_en"] == 0.45
    issues = [i for i in lib.issues if i.code.startswith("best-choice")]
    assert sorted(i.code for i in issues) == ["best-choice-shortest"] * 2


def test_length_share_per_language(mini: Path) -> None:
    pad_scenario(mini, [("tie", "longer")] * 5 + ["tie"] * 10)
    lib = load_library(mini, strict=False)
    assert length_share(lib, "zh", "longest") == pytest.approx(1 / 20)
    assert length_share(lib, "en", "longest") == pytest.approx(6 / 20)


def test_best_choice_longest_in_too_many_steps(mini: Path) -> None:
    pad_scenario(mini, [("tie", "longer")] * 8 + ["tie"] * 7)
    (issue,) = problems(mini)
    assert where(issue) == ("best-choice-longest", "scenario.yaml", 1, "")
    assert issue.message == (
        "in English (en), the best choice is strictly the longest in 9 of 20 decision steps "
        "(45%), above the 40% allowed: always picking the longest answer wins; "
        "most in price_water (9 of 20)"
    )
    assert length_shares(load_library(mini, strict=False))["scenario_best_longest_share_en"] == 0.45


def test_best_choice_longest_at_the_threshold_is_allowed(mini: Path) -> None:
    pad_scenario(mini, ["longer"] * 7 + ["tie"] * 8)
    lib = load_library(mini)
    assert length_shares(lib)["scenario_best_longest_share_en"] == LENGTH_SHARE_MAX == 0.4
    assert lib.issues == []


def test_best_choice_shortest_in_too_many_steps(mini: Path) -> None:
    pad_scenario(mini, ["shorter"] * 5 + ["tie"] * 10)
    found = problems(mini)
    assert sorted(where(i) for i in found) == [("best-choice-shortest", "scenario.yaml", 1, "")] * 2
    en = next(i for i in found if "English" in i.message)
    assert en.message == (
        "in English (en), the best choice is strictly the shortest in 9 of 20 decision steps "
        "(45%), above the 40% allowed: always picking the shortest answer wins; "
        "most in price_water (9 of 20)"
    )


def test_best_choice_shortest_at_the_threshold_is_allowed(mini: Path) -> None:
    pad_scenario(mini, ["shorter"] * 4 + ["tie"] * 11)
    lib = load_library(mini)
    assert length_shares(lib)["scenario_best_shortest_share_zh"] == LENGTH_SHARE_MAX
    assert lib.issues == []


def test_too_few_steps_are_not_judged(mini: Path) -> None:
    assert LENGTH_MIN_COUNT == 20
    pad_scenario(mini, ["shorter"] * 9 + ["tie"] * 5)  # 13 of 19
    assert problems(mini) == []


def test_enough_steps_are_judged(mini: Path) -> None:
    pad_scenario(mini, ["shorter"] * 9 + ["tie"] * 6)  # 13 of 20
    assert [i.code for i in problems(mini)] == ["best-choice-shortest"] * 2


def test_correct_quiz_option_longest(mini: Path) -> None:
    pad_quiz(mini, [("longer", "tie")] * 9 + ["tie"] * 10)
    (issue,) = problems(mini)
    assert where(issue) == ("correct-option-longest", "quiz.yaml", 1, "")
    assert issue.message.startswith(
        "in Chinese (zh), a correct option is strictly the longest in 9 of 20 quiz items (45%)"
    )


def test_correct_quiz_option_shortest(mini: Path) -> None:
    # the fixture's one item already has its correct option shortest
    pad_quiz(mini, [("tie", "shorter")] * 8 + ["tie"] * 11)
    (issue,) = problems(mini)
    assert where(issue) == ("correct-option-shortest", "quiz.yaml", 1, "")
    assert issue.message.startswith(
        "in English (en), a correct option is strictly the shortest in 9 of 20 quiz items (45%)"
    )


def test_length_share_is_judged_on_the_whole_library_only(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    pad_quiz(mini, [("longer", "tie")] * 9 + ["tie"] * 10)
    assert [i.code for i in lint(mini).issues] == ["correct-option-longest"]
    assert lint(mini / "quiz.yaml").issues == []


def test_one_quiz_file_giving_its_answers_away_by_length(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with the fixture's item, 4 of 5 correct options are strictly the longest in Chinese
    pad_quiz(mini, [("longer", "tie")] * 4)
    (issue,) = problems(mini)
    assert where(issue) == ("file-answer-longest", "quiz.yaml", 1, "")
    assert issue.message == (
        "in Chinese (zh), the best answer is strictly the longest in 4 of the 5 items of this "
        "file (80%), above the 60% allowed in one file: always picking the longest answer "
        "passes it. The items: pad1, pad2, pad3, pad4"
    )
    # judged on the file alone, unlike the share across the library
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    assert [i.code for i in lint(mini / "quiz.yaml").issues] == ["file-answer-longest"]


@pytest.mark.parametrize(
    "shapes",
    [
        [("tie", "shorter")] * 3,  # with the fixture's item, 4 of 4 shortest in English: too few
        [("tie", "shorter")] * 2 + ["tie"] * 2,  # 3 of 5: at the limit
    ],
)
def test_one_quiz_file_at_the_limit_or_too_short_is_allowed(mini: Path, shapes: list) -> None:
    assert LENGTH_FILE_SHARE_MAX == 0.6 and LENGTH_FILE_MIN_COUNT == 5
    pad_quiz(mini, shapes)
    assert problems(mini) == []


def test_one_quiz_file_with_its_answers_shortest(mini: Path) -> None:
    pad_quiz(mini, [("tie", "shorter")] * 3 + ["tie"])  # 4 of 5 in English, with the fixture's
    (issue,) = problems(mini)
    assert where(issue) == ("file-answer-shortest", "quiz.yaml", 1, "")
    assert issue.message.startswith("in English (en), the best answer is strictly the shortest")
    assert issue.message.endswith("The items: qz1, pad1, pad2, pad3")


def test_an_invitation_file_giving_its_answers_away_by_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    path = root / "channel" / "invitations.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for case in data["cases"]:
        for moment in case["moments"]:
            for choice in moment["choices"]:
                if choice.get("fits"):
                    choice["text"] = {k: v + v for k, v in choice["text"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(root))
    found = lint(path).issues
    assert [(i.code, i.message[:30]) for i in found] == [
        ("file-answer-longest", "in Chinese (zh), the best answ"),
        ("file-answer-longest", "in English (en), the best answ"),
    ]
    assert "6 of the 6 items" in found[0].message
    assert "inv_case_postponed.fourth_try" in found[0].message


def _lengthen_best(
    path: Path, items: str, answers: str, best: Callable[[dict, dict], bool]
) -> None:
    """Double the text of every best answer of a copied file, so each is strictly the longest."""
    data = yaml.safe_load(path.read_text("utf-8"))
    for item in data[items]:
        for answer in item.get(answers) or []:
            if best(answer, item):
                answer["text"] = {k: v + v for k, v in answer["text"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def _top(choice: dict, turn: dict) -> bool:
    return choice["score"] == max(c["score"] for c in turn["choices"])


def test_a_field_case_giving_its_best_decisions_away_by_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    path = root / "cases" / "case_stockout_dealers.yaml"
    _lengthen_best(path, "steps", "choices", _top)
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(root))
    found = lint(path).issues
    assert [(i.code, i.message[:30]) for i in found] == [
        ("file-answer-longest", "in Chinese (zh), the best deci"),
        ("file-answer-longest", "in English (en), the best deci"),
    ]
    assert found[0].message == (
        "in Chinese (zh), the best decision is strictly the longest at 7 of the 7 turns of this "
        "case (100%), above the 50% allowed in one case: always picking the longest decision "
        "earns most of its points. The turns: t1_successor, t2_peak, t3_empty, t3_flood, "
        "t3_flood_after, t4_steady, t4_angry"
    )


def test_more_than_half_the_turns_of_a_field_case_is_too_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert LENGTH_DECISION_SHARE_MAX == 0.5 and LENGTH_DECISION_MIN_COUNT == 4
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    path = root / "cases" / "case_channel_profit.yaml"
    first_four = {"t1_line", "t2_undercut", "t3_switch", "t3_switch_chaos"}
    data = yaml.safe_load(path.read_text("utf-8"))
    shortest = {
        t["id"] for t in data["steps"] if t.get("choices") and t["id"] not in first_four
    }  # the other three turns get a best decision strictly the shortest
    _lengthen_best(path, "steps", "choices", lambda c, t: t["id"] in first_four and _top(c, t))
    _lengthen_best(path, "steps", "choices", lambda c, t: t["id"] in shortest and not _top(c, t))
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(root))
    found = lint(path).issues
    # 4 of 7 turns at the longest end is too many; 3 of 7 at the shortest is within half
    assert [(i.code, "4 of the 7 turns" in i.message) for i in found] == [
        ("file-answer-longest", True),
        ("file-answer-longest", True),
    ]


def test_a_placement_file_giving_its_fitting_moves_away_by_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    path = root / "key_accounts" / "development.yaml"
    _lengthen_best(path, "cases", "moves", lambda move, case: bool(move.get("fits")))
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(root))
    found = lint(path).issues
    assert [(i.code, i.message[:30]) for i in found] == [
        ("file-answer-longest", "in Chinese (zh), the fitting m"),
        ("file-answer-longest", "in English (en), the fitting m"),
    ]
    assert found[1].message == (
        "in English (en), the fitting move is strictly the longest in 4 of the 4 cases of this "
        "file (100%), above the 50% allowed in one file: always picking the longest move gets "
        "them right. The cases: dev_case_hospital, dev_case_dealer, dev_case_chain, "
        "dev_case_group"
    )


def test_lint_stats_report_the_length_shares(mini: Path) -> None:
    pad_quiz(mini, [("longer", "tie")] * 9 + ["tie"] * 10)
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["lint", str(mini), "--stats", "--json"]).stdout)
    assert data["quiz_correct_longest_share_zh"] == 0.45
    assert data["quiz_correct_longest_share_en"] == 0.0
    assert data["quiz_correct_shortest_share_en"] == 0.05
    assert data["scenario_best_longest_share_en"] == 0.2
    assert data["scenario_best_shortest_share_en"] == 0.8
    assert [(i["code"], i["line"]) for i in data["issues"]] == [("correct-option-longest", 1)]
    text = runner.invoke(app, ["lint", str(mini), "--stats"])
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert lines[0].startswith("quiz.yaml:1: in Chinese (zh), a correct option is strictly")
    assert ["quiz_correct_longest_share_zh", "0.45"] in [ln.split() for ln in lines]
    assert ["scenario_best_shortest_share_zh", "0.8"] in [ln.split() for ln in lines]


# ---------------------------------------------------------- shipped library


def play_by_length(doc: ObjectionScenarioDoc, locale: str, end: str) -> tuple[int, str]:
    """Play ``doc`` always taking the longest (or shortest) reply; the points and the outcome."""
    sid, points = doc.start, 0
    while True:
        step = doc.step(sid)
        if step.ending is not None:
            return points, step.ending.outcome
        pick = max if end == "longest" else min
        choice = pick(step.choices, key=lambda c: len(c.text.get(locale)))
        points += choice.score
        sid = choice.next


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library(PROJECT / "playbooks")


def test_no_shipped_file_judged_on_its_own_gives_its_answers_away(shipped: Library) -> None:
    assert check_length_giveaway_per_file(shipped) == []


@pytest.mark.parametrize("end", ["longest", "shortest"])
@pytest.mark.parametrize("locale", ["zh", "en"])
def test_shipped_scenarios_give_nothing_away_by_length(
    shipped: Library, locale: str, end: LengthEnd
) -> None:
    share = length_share(shipped, locale, end)
    assert share is not None and share <= LENGTH_SHARE_MAX
    for doc in shipped.scenarios:
        points, outcome = play_by_length(doc, locale, end)
        assert outcome != "won", (doc.id, locale, end)
        assert points < max_path_score(doc) / 2, (doc.id, locale, end, points)


# --------------------------------------------------------------- closed questions


def test_closed_question_why_must_say_it_answers_for_the_customer(
    mini: Path, edit: Callable
) -> None:
    questions = mini / "questions.yaml"
    edit(questions, "type: expanding", "type: closed")
    found = sorted(where(i) for i in problems(mini))
    assert found == [
        ("closed-why", "questions.yaml", 14, "questions[0].why.en"),
        ("closed-why", "questions.yaml", 14, "questions[0].why.zh"),
    ]
    edit(
        questions,
        "why: {zh: 让客户多说。, en: Gets the customer talking.}",
        'why: {zh: 替客户把答案说了。, en: "It answers on the customer\'s behalf."}',
    )
    assert problems(mini) == []


def test_feedback_that_defines_closed_as_yes_or_no(mini: Path, edit: Callable) -> None:
    edit(
        mini / "scenario.yaml",
        "feedback: {zh: 还没问清就辩解。, en: Defends before asking.}",
        "feedback: {zh: 这是封闭式提问，只能得到“是”或“不是”。, "
        "en: This is a closed question that only gets a yes or no.}",
    )
    found = sorted(where(i) for i in problems(mini))
    assert found == [
        ("closed-yes-no", "scenario.yaml", 41, "steps[1].choices[1].feedback.en"),
        ("closed-yes-no", "scenario.yaml", 41, "steps[1].choices[1].feedback.zh"),
    ]


def test_a_wrong_quiz_option_may_state_the_misconception(mini: Path, edit: Callable) -> None:
    edit(
        mini / "quiz.yaml", 'en: "You sell 60,000, right?"', "en: A closed question gets yes or no"
    )
    assert problems(mini) == []


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("This Ask is a closed question that only gets a yes or no.", "en"),
        ("A closed question allows only yes/no answers.", "en"),
        ('Closed questions can only be answered "yes" or "no".', "en"),
        ("这样发问是封闭式提问，只能得到“是”或“不是”。", "zh"),
        ("封闭式提问只让客户回答是或否。", "zh"),
        ("封闭式问题就是是非题。", "zh"),
    ],
)
def test_yes_or_no_definitions_are_found(text: str, locale: str) -> None:
    assert list(yes_no_definitions(text, locale))


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("It is closed because it answers on her behalf, not because it gets a yes or no.", "en"),
        ("A closed question supplies the answer. A yes/no question can still be limiting.", "en"),
        ("Ask whether supply plans need her approval; yes or no is fine for a limiting one.", "en"),
        ("封闭式的毛病是替客户把答案说了，不是因为能用是/否回答。", "zh"),
        ("“要您签字吗？”这种是/否问题是限定询问。", "zh"),
        ("封闭式提问“您一个月卖六万，是不是”替客户说了答案。", "zh"),
    ],
)
def test_corrections_and_limiting_yes_no_questions_pass(text: str, locale: str) -> None:
    assert list(yes_no_definitions(text, locale)) == []
