"""Rater calibration scores: CSV checks, the store and the notebook's loader, and the
command's errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.cli import app
from helpers.trainer import calibration
from tests.conftest import PROJECT
from tests.trainer.calibration.test_stats import long_frame

runner = CliRunner()


# ------------------------------------------------------------ reading CSV files


def write(tmp_path: Path, text: str, name: str = "scores.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_read_scores_keeps_ids_as_text_and_ignores_extra_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "rep_id,session_id,criterion_id,trainer_id,score,comment\n"
        "R1,007,prep,01,3,ok\nR1,007,prep,02, 4 ,\n",
    )
    frame = calibration.read_scores(path)
    assert list(frame.columns) == list(calibration.COLUMNS)
    assert frame["session_id"].tolist() == ["007", "007"]
    assert frame["trainer_id"].tolist() == ["01", "02"]
    assert frame["score"].tolist() == [3, 4]


def test_read_scores_accepts_gb18030(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "session_id,criterion_id,trainer_id,score\n演练1,准备,王老师,3\n",
        encoding="gb18030",
    )
    assert calibration.read_scores(path)["trainer_id"].tolist() == ["王老师"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "session_id,trainer_id,score\nS1,T1,3\n",
            "row 1: missing column(s) criterion_id "
            "(the header must name session_id, criterion_id, trainer_id, score)",
        ),
        (
            "session_id,criterion_id,trainer_id,score\nS1,c,T1,3\nS1,c,T2,6\n",
            "row 3, column score: '6' is not a whole number from 1 to 5",
        ),
        (
            "session_id,criterion_id,trainer_id,score\nS1,c,T1,three\n",
            "row 2, column score: 'three' is not a whole number from 1 to 5",
        ),
        (
            "session_id,criterion_id,trainer_id,score\nS1,c,T1,2.5\n",
            "row 2, column score: '2.5' is not a whole number from 1 to 5",
        ),
        (
            "session_id,criterion_id,trainer_id,score\nS1,c,T1,3\nS1,c,,4\nS2,,T1,9\n",
            "row 3, column trainer_id: empty (further problems: 2)",
        ),
        (
            "session_id,criterion_id,trainer_id,score\nS1,c,T1,3\nS1,c,T2,3\nS1,c,T1,4\n",
            "rows 2 and 4: session S1, criterion c, trainer T1 is scored twice",
        ),
    ],
)
def test_read_scores_names_file_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        calibration.read_scores(path)
    assert str(info.value) == f"{path}: {message}"


def test_read_scores_rejects_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        calibration.read_scores(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="the file is empty"):
        calibration.read_scores(write(tmp_path, ""))


def test_calibrate_rejects_bad_frames() -> None:
    with pytest.raises(ValueError, match="lack the column"):
        calibration.calibrate(pd.DataFrame({"session_id": ["S1"]}))
    bad = long_frame([[1, 2], [1, 2]])
    bad.loc[0, "score"] = 7
    with pytest.raises(ValueError, match="not a whole number from 1 to 5"):
        calibration.calibrate(bad)


# ------------------------------------------------------------ the store and the notebook's loader


def test_load_scores_reads_the_store_then_falls_back_to_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers.store import Score, Store

    store = Store()
    source = calibration.load_scores("", store)
    assert source.origin == "sample" and len(source.frame) > 1000
    assert "bundled sample" in source.note("en") and "示例" in source.note("zh")
    day = dt.date(2026, 10, 1)
    store.save_scores(
        Score(
            session_id="S1",
            trainer_id=t,
            criterion_id="preparation",
            rep_id="R1",
            score=v,
            rubric_version="v1",
            scored_on=day,
        )
        for t, v in (("T1", 3), ("T2", 4))
    )
    source = calibration.load_scores("", store)
    assert source.origin == "store"
    assert source.frame.to_dict("records") == [
        {"session_id": "S1", "criterion_id": "preparation", "trainer_id": "T1", "score": 3},
        {"session_id": "S1", "criterion_id": "preparation", "trainer_id": "T2", "score": 4},
    ]
    monkeypatch.setenv("COACHKIT_DATA", str(tmp_path / "no-data"))
    empty = calibration.load_scores("", Store(f"sqlite:///{tmp_path / 'other.sqlite'}"))
    assert empty.origin == "empty" and empty.frame.empty
    assert empty.note("en").startswith("No role-play scores yet")


# ------------------------------------------------------------ the command


def test_cli_bad_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = write(tmp_path, "session_id,criterion_id,trainer_id,score\nS1,c,T1,0\n")
    result = runner.invoke(app, ["calibrate", "--scores", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"error: {path}: row 2, column score: '0' is not a whole number from 1 to 5\n"
    )
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["calibrate", "--scores", str(tmp_path / "none.csv")])
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1


def test_the_sample_scores_file_is_usable() -> None:
    frame = calibration.read_scores(PROJECT / "data" / "sample" / "scores.csv")
    assert set(frame["score"]) <= set(calibration.SCALE)
