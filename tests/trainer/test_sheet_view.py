"""The trainer's score sheet, driven headless: two trainers score the same role-play blind."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from helpers.learner.widgets import Session
from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.store import Store
from helpers.trainer.sheet_view import NEW, ScoreSheetView
from tests.conftest import PROJECT

HIRED = dt.date(2026, 1, 5)


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(PROJECT / "playbooks")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'rp.sqlite'}")
    s.insert_new(
        "reps",
        [
            {
                "rep_id": "R0001",
                "name": "Li Na",
                "team_id": "T01",
                "hire_date": __import__("datetime").date(2026, 1, 5),
            }
        ],
    )
    return s


def sheet(lib: Library, store: Store, trainer: str, locale: str = "en") -> ScoreSheetView:
    view = ScoreSheetView(Session(lib, store, trainer, locale))  # type: ignore[arg-type]
    return view


def fill(view: ScoreSheetView, value: str, skip: str | None = None) -> None:
    for criterion, buttons in view.scores.items():
        if criterion != skip:
            buttons.value = value


def test_two_trainers_score_blind(lib: Library, store: Store) -> None:
    a = sheet(lib, store, "TR1")
    assert a.rep.options == ("R0001",)
    a.rep.value = "R0001"
    a.scenario.value = "obj_price_pharmacy"
    a.pick.value = NEW
    a.start.click()
    assert a.current is not None and len(a.scores) == 12
    # anchors 1-5 are in view for every criterion
    assert all(v.value.count("<li>") == 5 for v in a.anchors.values())
    version = lib.version_of("rubric", "roleplay_rubric")
    assert f"rubric version {version}" in a.head.value
    fill(a, "4")
    a.comments["commitment"].value = "asked for the order twice"
    a.note.value = "good pace"
    a.submit.click()
    assert "Saved: 12 new" in a.status.value
    # the second trainer joins the same session and sees nothing of TR1's scores yet
    b = sheet(lib, store, "TR2")
    b.rep.value = "R0001"
    b.pick.value = a.current.session_id
    b.start.click()
    assert "Other trainers who have scored this session so far: 1." in b.others.value
    assert "TR1" not in b.others.value and "good pace" not in b.others.value
    fill(b, "2")
    b.submit.click()
    assert "TR1 (rubric version" in b.others.value and "TR2 (rubric version" in b.others.value
    assert "good pace" in b.others.value
    rows = store.session_scores(a.current.session_id, "TR2")
    assert len(rows) == 24 and {r.rubric_version for r in rows} == {version}


def test_unfinished_sheet_is_not_saved_and_names_the_gaps(lib: Library, store: Store) -> None:
    v = sheet(lib, store, "TR1", "zh")
    v.rep.value = "R0001"
    v.start.click()
    fill(v, "3", skip="opening_statement")
    assert v.save() is False
    assert (
        "还有 1 项没打分" in v.status.value
        and lib.criteria["opening_statement"].name.zh in v.status.value
    )
    assert store.scores_frame().empty


def test_resubmitting_a_change_keeps_the_old_score(lib: Library, store: Store) -> None:
    v = sheet(lib, store, "TR1")
    v.rep.value = "R0001"
    v.start.click()
    fill(v, "3")
    v.submit.click()
    sid = v.current.session_id  # type: ignore[union-attr]
    # reopening prefills the trainer's own scores
    again = sheet(lib, store, "TR1")
    again.rep.value = "R0001"
    again.pick.value = sid
    again.start.click()
    assert again.values()["commitment"] == 3
    # after the reveal the button revises, and says that calibration keeps the first scores
    assert again.submit.description == "Revise my scores"
    again.scores["commitment"].value = "5"
    again.submit.click()
    assert "Recorded as a revision after the reveal: 1 changed, 11 unchanged" in again.status.value
    assert [h["score"] for h in store.score_history(sid, "TR1", "commitment")] == [3]
    shown = html.unescape(again.others.value)
    assert "5 (was 3)" in shown and "saw the others': 1." in shown
    assert store.submissions(sid)["TR1"]["revised_at"] is not None


def test_a_trainer_id_typed_with_spaces_is_the_same_trainer(lib: Library, store: Store) -> None:
    a = sheet(lib, store, "TR1")
    a.rep.value = "R0001"
    a.start.click()
    fill(a, "4")
    a.submit.click()
    b = sheet(lib, store, "TR2 ")
    b.rep.value = "R0001"
    b.pick.value = a.current.session_id  # type: ignore[union-attr]
    b.start.click()
    fill(b, "2")
    b.submit.click()
    # submitted: the sheet shows every trainer's scores, not the blind message
    assert "TR1 (rubric version" in b.others.value and "TR2 (rubric version" in b.others.value
    assert set(store.submitted(a.current.session_id)) == {"TR1", "TR2"}  # type: ignore[union-attr]


def test_language_switch_relabels_the_sheet(lib: Library, store: Store) -> None:
    v = sheet(lib, store, "TR1")
    v.rep.value = "R0001"
    v.start.click()
    v.session.set_locale("zh")
    assert v.submit.description == "提交评分"
    assert lib.criteria["commitment"].name.zh in v.titles["commitment"].value


def test_missing_trainer_or_rep_is_said_plainly(lib: Library, store: Store) -> None:
    v = sheet(lib, store, "")
    v.rep.value = "R0001"
    assert v.open() is None and "Enter your trainer id first." in v.status.value
    w = sheet(lib, store, "TR1")
    assert w.open() is None and "Choose or enter the rep first." in w.status.value


def test_the_notebook_sheet_has_a_working_language_switch() -> None:
    from helpers.trainer.sheet_view import score_sheet

    box = score_sheet(" TR9 ", "zh")
    style, toggle, sheet_box = box.children
    assert style.value.startswith("<style>") and ".coachkit-choices" in style.value
    assert sheet_box.children[1].value == "TR9"
    toggle.value = "en"
    assert any(getattr(c, "description", "") == "Submit scores" for c in sheet_box.children)


def test_the_rep_box_suggests_every_rep_the_store_knows(lib: Library, store: Store) -> None:
    from helpers.learner.widgets.flow import NextStageView

    practised = Session(lib, store, "ux.rep1", "en")
    view = NextStageView(practised, lib.canonical_flow.ordered()[0].id)
    view.choice.value = lib.canonical_flow.ordered()[1].id
    view.check.click()  # ux.rep1 has practised
    first = sheet(lib, store, "TR1")
    first.rep.value = "new.rep"
    first.confirm_new.click()  # new.rep has a role-play session now
    fresh = sheet(lib, store, "TR2")
    assert fresh.rep.options == ("R0001", "new.rep", "ux.rep1")
    assert fresh.rep.placeholder == "Type or pick a rep id"


def test_an_unknown_rep_asks_before_opening_a_session(lib: Library, store: Store) -> None:
    v = sheet(lib, store, "TR1")
    v.rep.value = "R00O1"  # a typo
    assert v.confirm_new.layout.display == "none"
    v.start.click()
    assert v.current is None and store.sessions() == []
    assert 'No rep with the id "R00O1" is known yet' in html.unescape(v.status.value)
    assert v.confirm_new.layout.display is None
    v.session.set_locale("zh")
    assert "还没有编号为“R00O1”的业务员" in v.status.value
    assert v.confirm_new.description == "是新业务员，开始评分"
    v.rep.value = "R0001"  # corrected: the question goes away and a known rep opens at once
    assert v.confirm_new.layout.display == "none"
    v.start.click()
    assert v.current is not None and v.current.rep_id == "R0001"
    w = sheet(lib, store, "TR1")
    w.rep.value = "brand.new"
    w.start.click()
    w.confirm_new.click()
    assert w.current is not None and w.current.rep_id == "brand.new"
    assert w.confirm_new.layout.display == "none"


def test_sessions_are_shown_by_date_scenario_and_rep(lib: Library, store: Store) -> None:
    a = sheet(lib, store, "TR1")
    a.rep.value = "R0001"
    a.scenario.value = "obj_price_pharmacy"
    a.start.click()
    b = sheet(lib, store, "TR2")
    b.rep.value = "R0001"
    label, value = b.pick.options[1]
    assert value == a.current.session_id  # type: ignore[union-attr]
    title = next(d for d in lib.scenarios if d.id == "obj_price_pharmacy").title
    when = a.current.created_at.astimezone().strftime("%Y-%m-%d %H:%M")  # type: ignore[union-attr]
    assert label == f"{when} · {title.en} · rep R0001"
    assert a.current.session_id not in label  # type: ignore[union-attr]
    b.session.set_locale("zh")
    assert b.pick.options[1][0] == f"{when} · {title.zh} · 业务员 R0001"


def test_labels_and_counts_read_right_in_both_languages(lib: Library, store: Store) -> None:
    v = sheet(lib, store, "TR1")
    assert v.note.description == "Overall note"
    assert v.note.placeholder.startswith("Optional")
    v.rep.value = "R0001"
    v.start.click()
    assert all(c.description == "Comment" for c in v.comments.values())
    assert "Other trainers who have scored this session so far: 0." in v.others.value
    fill(v, "3", skip="opening_statement")
    v.submit.click()
    assert "Criteria still without a score (1): " in html.unescape(v.status.value)
    assert "1 criteria" not in v.status.value
    v.session.set_locale("zh")
    assert v.note.description == "总体评语"
    assert "目前给这一场打过分的其他培训师：0 位。" in v.others.value


def test_a_key_account_brief_comes_with_its_rubric_and_criterion(
    lib: Library, store: Store
) -> None:
    brief = next(b for b in lib.roleplay_briefs if b.id == "rp_ka_calling_high")
    v = sheet(lib, store, "TR1")
    # before a scenario is picked the sheet offers the visit rubric, though it is not first on file
    assert v.rubric.value == "roleplay_rubric"
    assert (brief.title.en, brief.id) in v.scenario.options
    v.rep.value = "R0001"
    v.scenario.value = brief.id
    assert v.rubric.value == "key_account_rubric"
    v.start.click()
    assert v.current is not None
    assert (v.current.scenario_id, v.current.rubric_id) == (brief.id, "key_account_rubric")
    assert list(v.scores) == ["calling_high_visit"]
    card = html.unescape(v.brief.value)
    assert brief.situation.en in card and "about 20 minutes" in card
    assert all(p.play.en in card and p.name.en in card for p in brief.parts)
    cue = brief.cues("calling_high_visit")[0]
    assert cue.en in html.unescape(v.titles["calling_high_visit"].value)
    v.scores["calling_high_visit"].value = "4"
    v.submit.click()
    assert "Saved: 1 new" in v.status.value
    assert [
        (x.criterion_id, x.score) for x in store.session_scores(v.current.session_id, "TR1")
    ] == [("calling_high_visit", 4)]
    v.session.set_locale("zh")
    card = html.unescape(v.brief.value)
    assert brief.situation.zh in card and "演练约 20 分钟" in card
    assert all(p.play.zh in card for p in brief.parts)
    assert f"这场演练看什么：{cue.zh}" in html.unescape(v.titles["calling_high_visit"].value)
    assert brief.title.zh in v.head.value
    # an objection scenario brings the visit rubric back for the next session
    v.scenario.value = "obj_price_pharmacy"
    assert v.rubric.value == "roleplay_rubric"


def test_brief_sessions_are_calibrated_on_the_criterion_they_score(
    lib: Library, store: Store
) -> None:
    import krippendorff

    from helpers.trainer import calibration

    marks = [(4, 4), (2, 3), (5, 5), (3, 3), (1, 2), (4, 5)]
    for first, second in marks:
        a = sheet(lib, store, "TR1")
        a.rep.value = "R0001"
        a.scenario.value = "rp_ka_plan_review"
        a.start.click()
        a.scores["account_plan_review"].value = str(first)
        a.submit.click()
        b = sheet(lib, store, "TR2")
        b.rep.value = "R0001"
        b.pick.value = a.current.session_id  # type: ignore[union-attr]
        b.start.click()
        assert list(b.scores) == ["account_plan_review"]
        b.scores["account_plan_review"].value = str(second)
        b.submit.click()
    frame = calibration.store_scores(store)
    assert len(frame) == 2 * len(marks)
    assert set(frame["criterion_id"]) == {"account_plan_review"}
    [row] = calibration.calibrate(frame).criteria
    assert (row.criterion_id, row.n_sessions, row.n_trainers) == ("account_plan_review", 6, 2)
    want = krippendorff.alpha(
        reliability_data=[list(x) for x in zip(*marks, strict=True)],
        level_of_measurement="ordinal",
    )
    assert row.alpha.value == pytest.approx(want)
