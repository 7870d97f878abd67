"""Coaching reports: parameter checks, real papermill runs, HTML export and the batch runner."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup, Tag
from typer.testing import CliRunner

from helpers.cli import app
from helpers.playbook import load_library
from helpers.report import params as reports
from helpers.report.ingest import ingest_folder
from helpers.report.metrics import ACCOUNT_LISTS
from helpers.report.params import ReportParameterError, ReportParams
from helpers.report.runner import Rendered, ReportRunner, render_reports, safe_name
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


def test_a_report_kernel_keeps_no_history_of_its_parameters(
    org: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ipython = tmp_path / "ipython"
    monkeypatch.setenv("IPYTHONDIR", str(ipython))
    with ReportRunner() as r:
        r.render(params(org, "T02"), tmp_path / "T02.html")
    store = org.removeprefix("sqlite:///").encode()
    written = [p for p in ipython.rglob("*") if p.is_file()]
    assert not [p for p in written if store in p.read_bytes()]
    for db in ipython.rglob("history.sqlite"):
        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from history").fetchone() == (0,)


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


class _PageWriter:
    """A runner that writes a page naming its team, without a kernel."""

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass

    def render_page(self, p: ReportParams, out: Path, nav: str = "") -> Rendered:
        out.write_text(f"<p>{p.team}</p>", encoding="utf-8")
        return Rendered(out, {})


def test_every_team_id_gets_its_own_page_and_the_index_links_to_it(tmp_path: Path) -> None:
    teams = ["T/01", "T_01", "T 01", "index", "T01", "t01", "团队"]
    batch = [ReportParams(team, *map(dt.date.fromisoformat, PERIOD), "", "en") for team in teams]
    result = render_reports(batch, tmp_path, progress=False, runner_factory=_PageWriter)
    assert not result.failed and len(result.rendered) == len(teams)
    names = {path.name.casefold() for path in result.rendered.values()}
    assert len(names) == len(teams) and "index.html" not in names
    index = BeautifulSoup((tmp_path / "index.html").read_text("utf-8"), "html.parser")
    assert index.find("table") is not None
    for team, path in result.rendered.items():
        assert (tmp_path / path.name).read_text("utf-8") == f"<p>{team}</p>"
        assert index.find("a", href=path.name) is not None
    assert result.rendered["T_01"].name == "T_01.html"  # ids that are file names stay as they are
    assert result.rendered["团队"].name == "团队.html"
    assert safe_name("T/01") == safe_name("T/01") != safe_name("T_01")


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


# ------------------------------------------------------------------ the bundled sample

SAMPLE_TEAMS = ("T01", "T02", "T03", "T04")


@pytest.fixture(scope="module")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample team's report, in English in ``reports/`` and Chinese in ``reports/zh/``."""
    out = tmp_path_factory.mktemp("sample") / "reports"
    db = reports.open_store(reports.resolve_store(reports.SAMPLE))
    assert tuple(db.teams()) == SAMPLE_TEAMS
    for locale, folder in (("en", out), ("zh", out / "zh")):
        batch = reports.batch_params(SAMPLE_TEAMS, *PERIOD, reports.SAMPLE, locale, db.teams)
        result = render_reports(batch, folder, workers=2, progress=False)
        assert not result.failed and len(result.rendered) == len(SAMPLE_TEAMS)
    return out


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _column(table: Tag, header: str) -> list[str]:
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    i = heads.index(header)
    return [tr.find_all("td")[i].get_text(" ", strip=True) for tr in table.select("tbody tr")]


def _first_int(text: str) -> int:
    return int(re.match(r"-?\d+", text).group())  # type: ignore[union-attr]


def _change(text: str) -> int:
    found = re.search(r"\(([+-]\d+|±0)\)", text)
    assert found, text
    return 0 if found.group(1) == "±0" else int(found.group(1))


@pytest.mark.parametrize("team", SAMPLE_TEAMS)
def test_every_summary_count_is_the_length_of_what_it_sums_up(
    sample_reports: Path, team: str
) -> None:
    soup = soup_of(sample_reports / f"{team}.html")
    summary = {s["data-count"]: int(s.text) for s in soup.select("li span.ck-n[data-count]")}
    checked = set()
    # the account lists: summary, list heading and the rows listed (every one of them)
    for key in ACCOUNT_LISTS:
        box = soup.select_one(f'div[data-list="{key}"]')
        heading = int(box.select_one("h3 span.ck-n").text)
        assert summary[key] == heading == len(box.select("tbody tr")), (team, key)
        checked.add(key)
    # the rep table: one row per rep, its columns sum to the summary's totals
    reps = soup.select_one("table.ck-reps")
    cards = soup.select(".ck-card")
    assert summary["reps"] == len(reps.select("tbody tr")) == len(cards)
    starred = [r for r in _column(reps, "Rep") if r.endswith("*")]
    assert summary["new_hires"] == len(starred) == len(soup.select(".ck-card .ck-tag"))
    step_in = _column(reps, "Manager to step in")
    assert summary["step_in"] == sum(map(int, step_in))
    wrongly = _column(reps, "Parked too early or never to be parked")
    assert summary["parked_wrongly"] == sum(map(int, wrongly))
    leads = _column(reps, "Leads contacted (change)")
    assert summary["leads"] == sum(map(_first_int, leads))
    assert summary["leads"] - summary["leads_before"] == sum(map(_change, leads))
    # the cadence chart's accounts, as its text alternative gives them
    alt = soup.select_one('[data-figure="cadence"] img')["alt"]
    per_grade = [int(n) for n in re.findall(r"\(accounts: (\d+)\)", alt)]
    assert summary["cadence_accounts"] == sum(per_grade) and per_grade
    # the most common first focus: the cards that open with it
    focus = soup.select_one("li[data-focus]")["data-focus"]
    opening = [c.select_one("li[data-focus]") for c in cards]
    assert summary["focus_reps"] == sum(1 for li in opening if li and li["data-focus"] == focus)
    checked |= {"reps", "new_hires", "leads", "leads_before", "cadence_accounts", "focus_reps"}
    assert set(summary) == checked, set(summary) - checked


@pytest.mark.parametrize("team", SAMPLE_TEAMS)
def test_the_leads_chart_and_the_rep_table_show_the_same_whole_numbers(
    sample_reports: Path, team: str
) -> None:
    soup = soup_of(sample_reports / f"{team}.html")
    reps = soup.select_one("table.ck-reps")
    table = {
        rep.rstrip(" *"): _first_int(n)
        for rep, n in zip(
            _column(reps, "Rep"), _column(reps, "Leads contacted (change)"), strict=True
        )
    }
    alt = soup.select_one('[data-figure="leads"] img')["alt"]
    chart = {name: int(n) for name, n in re.findall(r"([^:;]+ \(R\d+\)): (\d+)", alt)}
    assert {k.strip(): v for k, v in chart.items()} == table
    assert not re.search(r"\(\+\d+\.\d\)", soup.get_text())


@pytest.mark.parametrize("team", SAMPLE_TEAMS)
def test_without_deals_the_report_says_so_instead_of_zeros(sample_reports: Path, team: str) -> None:
    soup = soup_of(sample_reports / f"{team}.html")
    no_deal = "No deals were won in this period" in soup.get_text(" ")
    heads = [th.text for th in soup.select("table.ck-reps thead th")]
    assert ("Conversion (change)" in heads) != no_deal
    if no_deal:
        assert "0.0% (+0.0%)" not in soup.get_text()


def _external(value: str) -> bool:
    return bool(re.match(r"\s*(https?:)?//", value, re.IGNORECASE))


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html")) + sorted((folder / "zh").glob("*.html"))


def test_pages_load_nothing_from_the_network(sample_reports: Path) -> None:
    pages = _pages(sample_reports)
    assert len(pages) == 2 * (len(SAMPLE_TEAMS) + 1)
    for path in pages:
        soup = soup_of(path)
        for tag in soup.find_all(True):
            for attr in ("src", "href", "srcset", "action", "data", "poster"):
                value = tag.get(attr)
                assert not (value and _external(str(value))), (path.name, tag.name, value)
        for style in soup.find_all("style"):
            css = style.get_text()
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), path.name
            assert "@import" not in css, path.name
        for tag in soup.find_all(style=True):
            assert "http" not in tag["style"]


def test_pages_fit_a_phone_and_link_to_each_other(sample_reports: Path) -> None:
    for path in _pages(sample_reports):
        soup = soup_of(path)
        viewport = soup.find("meta", attrs={"name": "viewport"})
        assert viewport and "width=device-width" in viewport["content"], path
        # every link is relative and leads to a page that exists
        for a in soup.find_all("a", href=True):
            assert not _external(a["href"]), a["href"]
            assert (path.parent / a["href"]).resolve().exists(), (path, a["href"])
    en = soup_of(sample_reports / "T01.html")
    assert [a["href"] for a in en.select("nav.ck-nav a")] == ["index.html", "zh/T01.html"]
    zh = soup_of(sample_reports / "zh" / "T01.html")
    assert [a["href"] for a in zh.select("nav.ck-nav a")] == ["index.html", "../T01.html"]
    assert zh.html["lang"] == "zh" and en.html["lang"] == "en"
    index = soup_of(sample_reports / "index.html")
    assert index.select_one("nav a")["href"] == "zh/index.html"
    rows = [tr.get_text(" ", strip=True) for tr in index.select("tbody tr")]
    assert rows[0].startswith("Team T01 Reps: 6 (new hires: ")
    assert "2026-10-01 – 2026-10-31" in rows[0]


def test_sample_reports_never_show_the_store_address(sample_reports: Path) -> None:
    from helpers.config import get_settings

    where = get_settings().sample_store.removeprefix("sqlite:///")
    for path in _pages(sample_reports):
        text = path.read_text(encoding="utf-8")
        assert "sqlite" not in text and where not in text and "sample.sqlite" not in text
    assert "the bundled sample data" in soup_of(sample_reports / "T01.html").text


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_images_describe_themselves_in_the_page_language(sample_reports: Path, locale: str) -> None:
    folder = sample_reports if locale == "en" else sample_reports / "zh"
    soup = soup_of(folder / "T02.html")
    images = soup.find_all("img")
    # funnel, leads, skills, cadence; key accounts, opportunities, maintenance, receivables
    assert len(images) == 8
    for img in images:
        assert "No description" not in img["alt"] and len(img["alt"]) > 20
        # the words are the page's (rep names are what they are)
        assert bool(re.search(r"[\u4e00-\u9fff]", img["alt"][:12])) == (locale == "zh")
    # the heat map's phone version: one row per rep
    heat = soup.select('[data-figure="skills"] .ck-narrow table.ck-heat tbody tr')
    assert len(heat) == len(soup.select(".ck-card"))
    # bar charts' phone versions are bars in HTML: one per rep, or per stage or grade
    for name in ("key_accounts", "maintenance", "receivables"):
        bars = soup.select(f'[data-figure="{name}"] .ck-narrow .ck-bar')
        assert len(bars) == len(heat), name
    assert len(soup.select('[data-figure="funnel"] .ck-narrow .ck-bar')) == 4
    assert len(soup.select('[data-figure="leads"] .ck-narrow .ck-bar')) == len(heat)
    assert soup.select('[data-figure="cadence"] .ck-narrow .ck-bar')


def test_a_runner_reads_the_notebook_without_building_the_iri_grammar_yet_checks_iris() -> None:
    import subprocess
    import sys

    script = """
import sys
from helpers.report.runner import ReportRunner
runner = ReportRunner()
runner.prepare()  # what `coachkit report` does while the kernel boots
print(getattr(sys.modules.get("rfc3987_syntax"), "__file__", None))
import jsonschema
iri = jsonschema.Draft7Validator(
    {"format": "iri"}, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
)
print(iri.is_valid("https://例子.com/路径"), iri.is_valid("https://a b"))
print(getattr(sys.modules.get("rfc3987_syntax"), "__file__", None) is not None)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    out = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    assert out[0] == "None"  # only the stand-in while the notebook was read and exported
    assert out[1:3] == ["True False", "True"]  # the first IRI check loads the real grammar
