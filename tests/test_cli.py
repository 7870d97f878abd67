"""The coachkit command: help everywhere, lint output and exit codes, settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers.cli import app
from helpers.i18n import catalogue, t
from tests.conftest import PROJECT, REQUIRED_STATS

runner = CliRunner()


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_subcommand_has_help() -> None:
    names = command_names()
    assert {"lint", "info"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage" in result.output


def test_lint_shipped_playbooks_exits_0() -> None:
    result = runner.invoke(app, ["lint", str(PROJECT / "playbooks")])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_lint_lists_every_error_of_several_files(mini: Path, edit: Callable) -> None:
    edit(
        mini / "quiz.yaml",
        "name: {zh: 基础测验, en: Basics quiz}",
        "name: {zh: 基础测验, en: Basics",
    )
    edit(mini / "rubric.yaml", "5: {zh", "6: {zh")
    edit(mini / "product.yaml", "need: margin", "need: speed")
    edit(mini / "flow.yaml", "    goal: {zh: 说明来意。", "    gaol: {zh: 说明来意。")
    result = runner.invoke(app, ["lint", str(mini)])
    assert result.exit_code == 1
    lines = [ln for ln in result.stdout.splitlines() if ln]
    expected = [
        "flow.yaml:7: stages[0].goal: required field is missing [missing-field]",
        "flow.yaml:10: stages[0].gaol: unknown field [unknown-field]",
        "product.yaml:17: chains[0].need: unknown need of product water 'speed' [dangling-ref]",
        "quiz.yaml:4: YAML syntax error",
        "rubric.yaml:16: criteria[0].anchors.6: descriptor for score 6 is outside 1 to 5 [schema]",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in lines), (want, lines)
    assert "problems: 7, in files: 5" in result.stderr


def test_lint_speaks_the_operators_language_in_text_and_json(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    edit(mini / "product.yaml", "need: margin", "need: margn")
    edit(mini / "quiz.yaml", "correct: true", "correct: maybe")
    text = runner.invoke(app, ["lint", str(mini)])
    assert text.exit_code == 1
    assert text.stdout.splitlines() == [
        "product.yaml:17: chains[0].need: 找不到产品 water 的客户需求 'margn'"
        "（是不是 'margin'？） [dangling-ref]",
        "quiz.yaml:10: items[0].options[0].correct: 应为 true 或 false（实际是 'maybe'） [schema]",
    ]
    assert "共 2 处问题，涉及 2 个文件" in text.stderr
    data = json.loads(runner.invoke(app, ["lint", str(mini), "--json"]).stdout)
    assert [(i["code"], i["line"], i["field"], i["message"]) for i in data["issues"]] == [
        (
            "dangling-ref",
            17,
            "chains[0].need",
            "找不到产品 water 的客户需求 'margn'（是不是 'margin'？）",
        ),
        ("schema", 10, "items[0].options[0].correct", "应为 true 或 false（实际是 'maybe'）"),
    ]


def test_lint_a_sub_folder_in_the_context_of_the_library(
    mini: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    (mini / "scenarios").mkdir()
    (mini / "scenario.yaml").rename(mini / "scenarios" / "scenario.yaml")
    # the scenario's method steps and criteria live outside the folder and still resolve
    clean = runner.invoke(app, ["lint", str(mini / "scenarios")])
    assert clean.exit_code == 0, clean.output
    assert "ok, no problems; files checked: 1" in clean.stderr
    edit(mini / "scenarios" / "scenario.yaml", "method_step: ask", "method_step: asks")
    edit(mini / "product.yaml", "need: margin", "need: speed")  # outside: not reported
    bad = runner.invoke(app, ["lint", str(mini / "scenarios")])
    assert bad.exit_code == 1
    assert "unknown method step 'asks'" in bad.stdout and "product.yaml" not in bad.stdout


def test_lint_stats_json(mini: Path) -> None:
    result = runner.invoke(app, ["lint", str(mini), "--stats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in REQUIRED_STATS:
        assert isinstance(data[key], int), key
    assert data["stages"] == 2 and data["missing_translations"] == 0
    assert data["issues"] == [] and data["ok"] is True


def test_lint_json_reports_missing_translations(mini: Path, edit: Callable) -> None:
    edit(mini / "quiz.yaml", "en: Basics quiz}", "en: ''}")
    result = runner.invoke(app, ["lint", str(mini), "--stats", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["missing_translations"] == 1
    assert data["issues"][0]["line"] == 3
    assert data["issues"][0]["field"] == "name"


def test_lint_missing_path_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lint", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_info_shows_the_store_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHKIT_STORE", "postgresql://coach:secret@127.0.0.1/kit")
    result = runner.invoke(app, ["info", "--json"])
    data = json.loads(result.stdout)
    assert data["store"] == "postgresql://coach:***@127.0.0.1/kit"


def test_installed_command_runs() -> None:
    exe = Path(sys.executable).with_name("coachkit")
    out = subprocess.run(
        [str(exe), "lint", "--stats", "--json"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["ok"] is True
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("coachkit ")


def test_export_scores_round_trips_through_ingest(tmp_path: Path) -> None:
    import datetime as dt

    from helpers.report.ingest import ingest
    from helpers.store import Score, Store

    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    reps = tmp_path / "reps.csv"
    reps.write_text("rep_id,name,team_id,hire_date\nR0001,Li,T01,2026-01-05\n", "utf-8")
    source = Store(url)
    ingest("reps", reps, source)
    source.save_scores(
        [
            Score(session_id="S1", trainer_id=t, criterion_id="commitment", rep_id="R0001",
                  score=v, rubric_version="v1", scored_on=dt.date(2026, 11, 2))
            for t, v in (("TR1", 4), ("TR2", 2))
        ]
    )  # fmt: skip
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["export-scores", "--store", url, "--out", str(out)])
    assert result.exit_code == 0 and "scores written: 2" in result.stdout
    # the exported file loads into another store as it is
    other = Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    ingest("reps", reps, other)
    assert ingest("scores", out, other).added == 2
    assert sorted(other.scores_frame()["score"]) == [2, 4]


# ------------------------------------------------------------- mistakes: one line, no traceback


def _one_line_error(result: object, code: int) -> str:
    out = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == code, (result.exit_code, out)  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["progress", "--learner", "x", "--store", "nonsense"], 2, "is not a database URL"),
        (["reports", "--store", "nonsense", "--out", "{tmp}/r"], 2, "is not a database URL"),
        (["report", "--team", "T1", "--store", "nonsense", "--out", "{tmp}/r.html"], 2, "URL"),
        (["export-scores", "--out", "{tmp}/no/such/x.csv"], 1, "no such folder"),
        (["sample-data", "--out", "/proc/nope"], 1, "/proc/nope"),
        (["calibrate", "--scores", "{tmp}/none.csv"], 1, "no such file"),
        (["ingest", "reps", "{tmp}/none.csv"], 1, "no such file"),
        (["reports", "--out", "{tmp}/r"], 1, "does not exist; check the URL"),
        (["lint", "{tmp}/nope"], 2, "does not exist"),
    ],
)
def test_a_mistake_is_one_line_and_the_right_exit_code(
    tmp_path: Path, args: list[str], code: int, says: str
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    line = _one_line_error(runner.invoke(app, argv), code)
    assert line.startswith("error: ") and says in line


def test_an_unreachable_store_never_shows_its_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://coach:SECRETPW@127.0.0.1:1/kit"
    for argv in (
        ["ingest", "reps", str(tmp_path / "r.csv"), "--store", url],
        ["reports", "--out", str(tmp_path / "out"), "--store", url],
        ["export-scores", "--out", str(tmp_path / "s.csv"), "--store", url],
    ):
        line = _one_line_error(runner.invoke(app, argv), 1)
        assert "cannot open the store" in line and "coach:***@" in line
        assert "SECRETPW" not in line


def _read_commands(store: str, tmp_path: Path) -> list[list[str]]:
    where = ["--store", store]
    return [
        ["report", "--team", "T01", "--out", str(tmp_path / "r.html"), *where],
        ["reports", "--out", str(tmp_path / "out"), *where],
        ["export-scores", "--out", str(tmp_path / "s.csv"), *where],
    ]


def test_reading_commands_never_create_a_store(tmp_path: Path) -> None:
    import sqlite3

    typo = tmp_path / "typo.sqlite"
    for argv in _read_commands(f"sqlite:///{typo}", tmp_path):
        line = _one_line_error(runner.invoke(app, argv), 1)
        assert "does not exist" in line and str(typo) in line
    assert not typo.exists()
    empty = tmp_path / "empty.sqlite"
    with sqlite3.connect(empty) as conn:  # another program's database
        conn.execute("create table other (x)")
    for argv in _read_commands(f"sqlite:///{empty}", tmp_path):
        line = _one_line_error(runner.invoke(app, argv), 1)
        assert "holds no coachkit data" in line
    with sqlite3.connect(empty) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert tables == {"other"}
    assert not (tmp_path / "s.csv").exists() and not (tmp_path / "out").exists()


def test_reading_commands_refuse_an_empty_postgresql_db(postgres: str, tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect

    for argv in _read_commands(postgres, tmp_path):
        line = _one_line_error(runner.invoke(app, argv), 1)
        assert "holds no coachkit data" in line
    engine = create_engine(postgres)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def _sample_store(tmp_path: Path) -> str:
    from helpers.playbook import load_library
    from helpers.report.ingest import ingest_folder
    from helpers.report.sample import SampleSpec, generate
    from helpers.store import Store

    generate(
        tmp_path / "org", SampleSpec(teams=1, reps_per_team=2, months=2, seed=5), load_library()
    )
    url = f"sqlite:///{tmp_path / 'org.sqlite'}"
    ingest_folder(tmp_path / "org", Store(url))
    return url


def test_a_full_disk_or_a_folder_that_cannot_be_made_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from helpers import files

    url = _sample_store(tmp_path)
    period = ["--from", "2026-01-01", "--to", "2026-01-31", "--store", url]
    blocked = tmp_path / "a-file"
    blocked.write_text("", "utf-8")
    for argv in (
        ["report", "--team", "T01", "--out", str(blocked / "r.html"), *period],
        ["reports", "--out", str(blocked / "out"), *period],
    ):
        line = _one_line_error(runner.invoke(app, argv), 1)
        assert str(blocked) in line and "cannot be created" in line and "--out" in line

    def full(path: Path, text: str, encoding: str = "utf-8") -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(files, "write_atomic", full)
    out = tmp_path / "r.html"
    line = _one_line_error(
        runner.invoke(app, ["report", "--team", "T01", "--out", str(out), *period]), 1
    )
    assert line == f"error: {out}: No space left on device"
    batch = runner.invoke(app, ["reports", "--out", str(tmp_path / "b"), *period])
    assert batch.exit_code == 1 and "Traceback" not in batch.output
    last = batch.stderr.strip().splitlines()[-1]
    assert last == f"error: {tmp_path / 'b' / 'index.html'}: No space left on device"
    assert not out.exists()


def test_operator_messages_follow_coachkit_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    line = _one_line_error(runner.invoke(app, ["ingest", "reps", str(tmp_path / "n.csv")]), 1)
    assert line.startswith("错误：") and "找不到这个文件" in line
    monkeypatch.setenv("COACHKIT_LOCALE", "")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    line = _one_line_error(runner.invoke(app, ["calibrate", "--scores", "/nope.csv"]), 1)
    assert "找不到这个文件" in line
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    line = _one_line_error(runner.invoke(app, ["calibrate", "--scores", "/nope.csv"]), 1)
    assert "no such file" in line


def test_a_store_written_by_a_newer_kit_is_named(tmp_path: Path) -> None:
    from helpers.store import Store

    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    store = Store(url)
    with store.transaction() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    store.engine.dispose()
    line = _one_line_error(runner.invoke(app, ["export-scores", "--store", url, "--out", "x"]), 1)
    assert "written by a newer coachkit" in line and "0099" in line


def test_an_unexpected_failure_is_one_line_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers.report import sample

    def boom(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(sample, "generate", boom)
    line = _one_line_error(runner.invoke(app, ["sample-data", "--out", str(tmp_path)]), 1)
    assert "unexpected failure (ZeroDivisionError: a bug)" in line
    log = tmp_path / "var" / "coachkit.log"
    assert str(log) in line and "Traceback" in log.read_text()


# Help texts are read when the command line is defined, so each language needs a fresh process.
HELP_TREE = """
import json, sys
import click, typer.main
from typer.testing import CliRunner
from helpers.cli import app

def walk(cmd, path):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from walk(sub, [*path, name])

pages, texts = {}, {}
for path, cmd in walk(typer.main.get_command(app), []):
    params = cmd.get_params(click.Context(cmd))
    texts[" ".join(path)] = [cmd.help, cmd.short_help, cmd.epilog] + [
        getattr(p, "help", None) for p in params
    ]
    pages[" ".join(path)] = CliRunner().invoke(app, [*path, "--help"]).output
json.dump({"pages": pages, "texts": texts}, sys.stdout)
"""
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def help_tree() -> dict[str, dict[str, dict[str, Any]]]:
    """For zh and en: every command's ``--help`` page and help texts, keyed by command path."""
    tree = {}
    for locale in ("zh", "en"):
        env = {**os.environ, "COACHKIT_LOCALE": locale}
        out = subprocess.run(
            [sys.executable, "-c", HELP_TREE], capture_output=True, text=True, env=env, check=True
        )
        tree[locale] = json.loads(out.stdout)
    return tree


def test_help_walks_every_command_and_sub_command(help_tree: dict) -> None:
    pages = help_tree["en"]["pages"]
    assert {"", "ingest", "db", "db check", "people", "people grant"} <= set(pages)
    assert set(pages) == set(help_tree["zh"]["pages"])
    for path, page in pages.items():
        assert page.startswith(f"Usage: coachkit {path}".rstrip() + " "), path


def test_every_help_text_is_in_the_operators_language(help_tree: dict) -> None:
    for path, texts in help_tree["zh"]["texts"].items():
        for text in filter(None, texts):
            assert CJK.search(text), (path, text)
    for path, texts in help_tree["en"]["texts"].items():
        for text in filter(None, texts):
            assert not CJK.search(text), (path, text)


def test_help_pages_show_one_language(help_tree: dict) -> None:
    english = [text.en for key, text in catalogue().items() if key.startswith("cli.")]
    for path, page in help_tree["zh"]["pages"].items():
        assert CJK.search(page), path
        for sentence in english:
            assert _squash(sentence) not in _squash(page), (path, sentence)
    for path, page in help_tree["en"]["pages"].items():
        assert not CJK.search(page), (path, CJK.findall(page))


def test_every_cli_message_is_shown_in_full(help_tree: dict) -> None:
    for locale in ("zh", "en"):
        shown = _squash("".join(help_tree[locale]["pages"].values()))
        for key in catalogue():
            if key.startswith("cli."):
                assert _squash(t(key, locale)) in shown, (locale, key)


def test_help_documents_the_exit_codes(help_tree: dict) -> None:
    for locale in ("zh", "en"):
        for path, page in help_tree[locale]["pages"].items():
            assert _squash(t("cli.exit_codes", locale)) in _squash(page), (locale, path)
    assert "Exit codes: 0 done; 1 bad data" in t("cli.exit_codes", "en")
    assert "退出码：0 表示完成" in t("cli.exit_codes", "zh")


def _at_schema(url: str, revision: str) -> None:
    """Take the store at ``url`` back to an older schema ``revision``, as an older kit left it."""
    from alembic import command
    from alembic.config import Config

    from helpers.store import MIGRATIONS, get_engine
    from helpers.store.engine import write_transaction

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = get_engine(url)
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


def test_an_older_store_is_named_and_db_upgrade_brings_it_up_to_date(tmp_path: Path) -> None:
    from helpers.playbook import load_library
    from helpers.report.ingest import ingest_folder
    from helpers.report.sample import SampleSpec, generate
    from helpers.store import HEAD, Store, get_engine, schema_version

    spec = SampleSpec(teams=1, reps_per_team=2, months=2, seed=3)
    generate(tmp_path / "org", spec, load_library())
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    ingest_folder(tmp_path / "org", Store(url))
    _at_schema(url, "0005")
    out = str(tmp_path / "T01.html")
    refused = runner.invoke(app, ["report", "--team", "T01", "--store", url, "--out", out])
    assert refused.exit_code == 1 and "coachkit db upgrade" in refused.output
    assert schema_version(get_engine(url)) == "0005"  # a report never changes a store
    upgraded = runner.invoke(app, ["db", "upgrade", "--store", url])
    assert upgraded.exit_code == 0, upgraded.output
    assert schema_version(get_engine(url)) == HEAD and HEAD in upgraded.output


def test_the_sample_store_left_by_an_older_kit_is_brought_up_to_date(tmp_path: Path) -> None:
    from helpers.config import get_settings
    from helpers.report.params import open_store
    from helpers.store import HEAD, schema_version

    sample = get_settings().sample_store
    open_store(sample).engine.dispose()
    _at_schema(sample, "0005")
    store = open_store(sample)
    assert schema_version(store.engine) == HEAD and store.teams()
