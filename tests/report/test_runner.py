"""Coaching reports: parameter checks, real papermill runs, HTML export and the batch runner."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.cli import app
from helpers.playbook import load_library
from helpers.report import params as reports
from helpers.report.ingest import ingest_folder
from helpers.report.params import ReportParameterError, ReportParams
from helpers.report.runner import ReportRunner, render_reports
from helpers.report.sample import SampleSpec, generate
from helpers.store import Store

PERIOD = ("2026-10-01", "2026-10-31")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small organisation in its own store: teams T01, T02 and "007"."""
    folder = tmp_path_factory.mktemp("org")
    generate(folder, SampleSpec(teams=3, reps_per_team=3, months=4, seed=11), load_library())
    reps = pd.read_csv(folder / "reps.csv", dtype=str, keep_default_na=False)
    reps["team_id"] = reps["team_id"].replace({"T03": "007"})
    reps.to_csv(folder / "reps.csv", index=False)
    url = f"sqlite:///{folder / 'org.sqlite'}"
    ingest_folder(folder, Store(url))
    return url


@pytest.fixture(scope="module")
def runner() -> Iterator[ReportRunner]:
    with ReportRunner() as r:
        yield r


def params(url: str, team: str, locale: str = "en") -> ReportParams:
    return reports.validate(team, *PERIOD, url, locale, Store(url).teams)


# ------------------------------------------------------------------ parameters


@pytest.mark.parametrize(
    ("team", "start", "end", "locale", "message"),
    [
        (7, *PERIOD, "en", "team: 7 is a int; a team id is text"),
        ("T01", "2026-13-01", "2026-10-31", "en", "period_start: '2026-13-01' is not a date"),
        ("T01", "2026-10-31", "2026-10-01", "en", "the period is empty"),
        ("T01", *PERIOD, "fr", "locale: 'fr' is not one of zh, en"),
        ("T99", *PERIOD, "en", "team: 'T99' is not in the store; teams there: 007, T01, T02"),
    ],
)
def test_bad_parameters_are_refused_in_one_line(
    org: str, team: object, start: str, end: str, locale: str, message: str
) -> None:
    with pytest.raises(ReportParameterError) as info:
        reports.validate(team, start, end, org, locale, Store(org).teams)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_team_ids_stay_text(org: str) -> None:
    p = params(org, "007")
    assert p.notebook_parameters()["team"] == "007"
    assert all(isinstance(v, str) for v in p.notebook_parameters().values())


def test_parameter_names_must_be_declared_identifiers() -> None:
    reports.check_names({"team": "T01", "period_start": "2026-10-01", "locale": "en"})
    with pytest.raises(ReportParameterError, match="not a Python identifier"):
        reports.check_names({"team; import os": "x"})
    with pytest.raises(ReportParameterError, match="not declared"):
        reports.check_names({"teams": "T01"})


def test_default_period_is_last_month() -> None:
    assert reports.last_full_month(dt.date(2026, 11, 22)) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    assert reports.last_full_month(dt.date(2027, 1, 3))[0] == dt.date(2026, 12, 1)


# ------------------------------------------------------------------ one report


def team_reps(url: str, team: str) -> set[str]:
    return set(
        pd.read_sql("select rep_id, team_id from reps", Store(url).engine).query(
            "team_id == @team"
        )["rep_id"]
    )


def test_report_runs_under_papermill_and_exports_clean_html(
    org: str, runner: ReportRunner, tmp_path: Path
) -> None:
    out = runner.render(params(org, "007"), tmp_path / "007.html")
    page = out.read_text(encoding="utf-8")
    # figures embedded, several of them
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', page)) >= 4
    # no code, no parameter cell, no traceback
    for leak in ("view.cards()", "report.load", "period_start", "Traceback", "report-remove"):
        assert leak not in page, leak
    assert "Team coaching report: 007" in page
    # only this team's reps appear
    mine, others = team_reps(org, "007"), team_reps(org, "T01") | team_reps(org, "T02")
    assert all(f"({r})" in page for r in mine)
    assert not any(f"({r})" in page for r in others)


def test_report_in_chinese(org: str, runner: ReportRunner, tmp_path: Path) -> None:
    page = runner.render(params(org, "T01", "zh"), tmp_path / "T01.html").read_text("utf-8")
    assert "团队辅导报告：T01" in page and "辅导卡" in page and "指标怎么算" in page


# ------------------------------------------------------------------ batches


def test_batch_renders_every_team_despite_one_failure(
    org: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a kernel told to use the Agg backend still embeds every figure
    monkeypatch.setenv("MPLBACKEND", "Agg")
    good = [params(org, "T01"), params(org, "T02")]
    ghost = ReportParams("ghost", dt.date(2026, 10, 1), dt.date(2026, 10, 31), org, "en")
    result = render_reports([*good, ghost], tmp_path, workers=2, progress=False)
    assert sorted(result.rendered) == ["T01", "T02"]
    [failure] = result.failed
    assert failure.team == "ghost"
    assert re.fullmatch(r"cell 4 \(view = report\.load\(.*\)\)", failure.cell), failure.cell
    assert failure.error.startswith("ReportParameterError: team: 'ghost' is not in the store")
    index = (tmp_path / "index.html").read_text("utf-8")
    assert 'href="T01.html"' in index and 'href="T02.html"' in index
    assert "ghost" in index and "Not rendered" in index
    for team in ("T01", "T02"):
        page = (tmp_path / f"{team}.html").read_text("utf-8")
        assert page.count("data:image/png;base64,") >= 4


def test_cli_report_and_reports(org: str, tmp_path: Path) -> None:
    cli = CliRunner()
    out = str(tmp_path / "x.html")
    bad = cli.invoke(app, ["report", "--team", "7", "--store", org, "--out", out])
    assert bad.exit_code == 2
    assert bad.stderr.strip().startswith("error: team: '7' is not in the store")
    assert len(bad.stderr.strip().splitlines()) == 1
    ok = cli.invoke(
        app,
        [
            "reports",
            "--team",
            "007",
            "--from",
            PERIOD[0],
            "--to",
            PERIOD[1],
            "--store",
            org,
            "--out",
            str(tmp_path / "batch"),
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "batch" / "007.html").exists()
    assert (tmp_path / "batch" / "index.html").exists()


def test_sample_store_is_rebuilt_only_when_the_sample_changes(tmp_path: Path) -> None:
    folder = tmp_path / "sample"
    generate(folder, SampleSpec(teams=1, reps_per_team=2, months=2, seed=3), load_library())
    db = tmp_path / "var" / "sample.sqlite"
    assert reports.build_sample_store(folder, db) is True
    assert Store(f"sqlite:///{db}").teams() == ["T01"]
    assert reports.build_sample_store(folder, db) is False  # up to date: left alone
    reps = pd.read_csv(folder / "reps.csv", dtype=str)
    reps["team_id"] = "T09"
    reps.to_csv(folder / "reps.csv", index=False)
    assert reports.build_sample_store(folder, db) is True  # newer CSV: built afresh, not added to
    assert Store(f"sqlite:///{db}").teams() == ["T09"]
    with pytest.raises(ReportParameterError, match="no sample data"):
        reports.build_sample_store(tmp_path / "empty", db)


def test_runner_refuses_a_notebook_whose_parameters_drifted(org: str, tmp_path: Path) -> None:
    import nbformat

    from helpers.config import REPORT_NOTEBOOK

    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("period_start:", "start:")
    drifted = tmp_path / "team_coaching.ipynb"
    nbformat.write(nb, drifted)
    with ReportRunner(drifted) as r, pytest.raises(ReportParameterError, match="period_start"):
        r.execute(params(org, "T01"))
    assert r.km is None  # refused before any kernel started


# ------------------------------------------------------------------ relative store paths


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts}


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_relative_store_path_means_the_callers_folder(
    org: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from helpers.config import NOTEBOOKS

    with (
        sqlite3.connect(org.removeprefix("sqlite:///")) as src,
        sqlite3.connect(tmp_path / "org.sqlite") as dest,
    ):
        src.backup(dest)
    monkeypatch.chdir(tmp_path)
    before = _tree(NOTEBOOKS)
    period = ["--from", PERIOD[0], "--to", PERIOD[1]]
    store = ["--store", "sqlite:///org.sqlite"] if how == "option" else []
    if how == "environment":
        monkeypatch.setenv("COACHKIT_STORE", "sqlite:///org.sqlite")
    one = CliRunner().invoke(app, ["report", "--team", "T01", *period, "--out", "T01.html", *store])
    assert one.exit_code == 0, one.output
    assert "R0001" in (tmp_path / "T01.html").read_text(encoding="utf-8")
    batch = CliRunner().invoke(app, ["reports", "--team", "T02", *period, "--out", "out", *store])
    assert batch.exit_code == 0, batch.output
    assert "R0004" in (tmp_path / "out" / "T02.html").read_text(encoding="utf-8")
    assert _tree(NOTEBOOKS) == before, "the report run wrote into the notebooks folder"
