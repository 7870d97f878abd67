"""Blind scoring stays blind: a change after the reveal is a revision, and calibration uses
the scores as first submitted."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from helpers.report.ingest import ingest
from helpers.store import Store
from helpers.trainer import calibration
from tests.store.test_store import roleplay, sheet

CRITERIA = ("opening_statement", "commitment", "question_funnel")


def scored(store: Store) -> None:
    """TR1 and TR2 score S1 blind; then TR1, having seen TR2's, moves towards them."""
    roleplay(store)
    store.submit("S1", "TR1", sheet("TR1", dict.fromkeys(CRITERIA, 2)), "first look")
    store.submit("S1", "TR2", sheet("TR2", dict.fromkeys(CRITERIA, 4)))
    time.sleep(0.01)
    revision = store.submit("S1", "TR1", sheet("TR1", dict.fromkeys(CRITERIA, 4)), "first look")
    assert revision.updated == len(CRITERIA)


def test_a_change_after_the_reveal_is_a_revision(store_url: str) -> None:
    store = Store(store_url)
    scored(store)
    sheets = store.submissions("S1")
    assert sheets["TR1"]["revised_at"] is not None
    assert sheets["TR1"]["submitted_at"] < sheets["TR1"]["revised_at"]
    assert sheets["TR2"]["revised_at"] is None
    mine = {x.criterion_id: x for x in store.session_scores("S1", "TR1") if x.trainer_id == "TR1"}
    assert {(x.score, x.first_score, x.revised) for x in mine.values()} == {(4, 2, True)}
    # submitting the same sheet again is no revision
    store.submit("S1", "TR2", sheet("TR2", dict.fromkeys(CRITERIA, 4)))
    assert store.submissions("S1")["TR2"]["revised_at"] is None


def test_calibration_uses_the_scores_as_first_submitted(store_url: str) -> None:
    store = Store(store_url)
    scored(store)
    blind = calibration.store_scores(store)
    assert set(blind.loc[blind["trainer_id"] == "TR1", "score"]) == {2}
    assert blind.attrs["revisions"] == len(CRITERIA)
    revised = calibration.store_scores(store, revised=True)
    assert set(revised.loc[revised["trainer_id"] == "TR1", "score"]) == {4}
    source = calibration.load_scores(store=store)
    assert "first submitted" in source.note("en") and "each other's: 3;" in source.note("en")
    assert "改过之后" in calibration.load_scores(store=store, revised=True).note("zh")


def test_the_export_says_which_is_which_and_imports_back(store_url: str, tmp_path: Path) -> None:
    store = Store(store_url)
    scored(store)
    path = tmp_path / "scores.csv"
    store.export_scores(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    tr1, tr2 = frame[frame["trainer_id"] == "TR1"], frame[frame["trainer_id"] == "TR2"]
    assert set(tr1["score"]) == {"2"} and set(tr1["revised_score"]) == {"4"}
    assert set(tr2["score"]) == {"4"} and set(tr2["revised_score"]) == {""}
    assert set(calibration.read_scores(path)["score"]) == {2, 4}
    assert calibration.read_scores(path).attrs["revisions"] == len(CRITERIA)
    assert set(calibration.read_scores(path, revised=True)["score"]) == {4}
    # a store loaded from the export keeps both values
    again = Store(f"sqlite:///{tmp_path / 'again.sqlite'}")
    ingest("reps", _reps(tmp_path), again)
    result = ingest("scores", path, again)
    assert (result.added, result.rejected) == (2 * len(CRITERIA), 0)
    back = again.scores_frame().set_index(["trainer_id", "criterion_id"])
    assert set(back.loc["TR1", "score"]) == {4} and set(back.loc["TR1", "first_score"]) == {2}


def _reps(folder: Path) -> Path:
    path = folder / "reps.csv"
    path.write_text("rep_id,name,team_id,hire_date\nR0001,Li Na,T01,2025-01-01\n")
    return path


def test_trainer_ids_are_normalised_once(store_url: str) -> None:
    store = Store(store_url)
    roleplay(store)
    store.submit("S1", " TR1 ", sheet(" TR1", {"commitment": 3}))
    store.submit("S1", "TR2", sheet("TR2", {"commitment": 4}))
    assert set(store.submitted("S1")) == {"TR1", "TR2"}
    # the trailing space does not keep TR1 blind to the scores of the others
    assert {x.trainer_id for x in store.session_scores("S1", "TR1  ")} == {"TR1", "TR2"}


def test_a_store_made_before_blind_scores_keeps_the_first_value(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from helpers.store import MIGRATIONS, get_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = get_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        now = datetime(2026, 11, 2, 9, tzinfo=UTC)
        row = "('S1','TR1','c1','R0001',{score},'','','v1','2026-11-02','{now}')"
        conn.exec_driver_sql(
            "INSERT INTO roleplay_scores (session_id, trainer_id, criterion_id, rep_id, score, "
            "comment, scenario_id, rubric_version, scored_on, updated_at) VALUES "
            + row.format(score=5, now=now)
        )
        conn.exec_driver_sql(
            "INSERT INTO roleplay_score_history (session_id, trainer_id, criterion_id, score, "
            f"comment, rubric_version, replaced_at) VALUES ('S1','TR1','c1',2,'','v1','{now}'), "
            f"('S1','TR1','c1',3,'','v1','{now}')"
        )
    engine.dispose()
    frame = Store(url).scores_frame()
    assert frame[["score", "first_score"]].values.tolist() == [[5, 2]]
