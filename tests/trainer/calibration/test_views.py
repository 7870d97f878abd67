"""Rater calibration for people: flags in plain words, tables, charts and the command's
report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from helpers.cli import app
from helpers.trainer import calibration
from tests.trainer.calibration.test_stats import (
    CJK,
    KRIPPENDORFF_2011,
    harsh_trainer_frame,
    long_frame,
)

runner = CliRunner()


# ------------------------------------------------------------ flags


def test_no_flags_and_no_scores_are_said_plainly() -> None:
    empty = calibration.calibrate(pd.DataFrame(columns=list(calibration.COLUMNS)))
    assert calibration.flag_lines(empty, "en") == ["No role-play scores yet."]
    agreed = long_frame([[1, 2, 3, 4, 5, 1, 2], [1, 2, 3, 4, 5, 1, 2]])
    assert calibration.flag_lines(calibration.calibrate(agreed), "en") == [
        "No criterion has too little agreement, and no trainer scores far harsher or more "
        "leniently than the others."
    ]


# ------------------------------------------------------------ tables, charts


def test_tables_and_charts_in_both_languages() -> None:
    result = calibration.calibrate(harsh_trainer_frame())
    for locale in ("en", "zh"):
        criteria = calibration.criteria_table(result, locale)
        trainers = calibration.trainers_table(result, locale)
        assert len(criteria) == 2 and len(trainers) == 5
        for fig in (
            calibration.offset_chart(result, locale),
            calibration.alpha_chart(result, locale),
        ):
            ax = fig.axes[0]
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
            assert bool(CJK.search(ax.get_title())) == (locale == "zh")
    assert "points on the 1-5 scale" in calibration.offset_chart(result, "en").axes[0].get_xlabel()
    assert trainers.columns[0] == "培训师"


# ------------------------------------------------------------ the command


def test_cli_prints_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    harsh_trainer_frame().to_csv(path, index=False)
    result = runner.invoke(app, ["calibrate", "--scores", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Criterion" in out and "ICC(2,1) [95% CI]" in out
    assert re.search(r"^TX\s+-1\.00\s+\[-1\.00, -1\.00\]\s+10\s+20\s+harsher$", out, re.M)
    assert "TX scores harsher than the other trainers: 1.00 points lower" in out
    zh = runner.invoke(app, ["calibrate", "--scores", str(path), "--locale", "zh"])
    assert "培训师" in zh.stdout and "偏严" in zh.stdout


def test_cli_json(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    long_frame(KRIPPENDORFF_2011).to_csv(path, index=False)
    result = runner.invoke(app, ["calibrate", "--scores", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert round(out["criteria"][0]["alpha_ordinal"], 3) == 0.815
    assert out["criteria"][0]["n_sessions"] == 11


def test_cli_help() -> None:
    result = runner.invoke(app, ["calibrate", "--help"])
    assert result.exit_code == 0
    assert "--scores" in result.output and "--json" in result.output
