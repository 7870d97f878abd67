"""The bad-input corpus (``tests/data/bad``): every file gives one error line or a rejects file,
the documented exit code, never a traceback, and leaves the store as it was."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from helpers.cli import app

BAD = Path(__file__).parent / "data" / "bad"
CASES: list[dict[str, Any]] = yaml.safe_load((BAD / "MANIFEST.yaml").read_text("utf-8"))["cases"]
HELPERS = {"make.py", "MANIFEST.yaml", "_crm_contacts.csv"}
"""Files of the folder that are not cases: the script, the manifest, the CRM export the
mapping cases are tried on."""
SUBPROCESS = {"enc_big5.csv", "xlsx_no_sheets.xlsx", "formula_cells.csv", "map_broken.yaml"}
"""Cases also run as a real ``coachkit`` process (the rest run in-process)."""
ISSUE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): .* \[(?P<code>[a-z-]+)\]$")

runner = CliRunner()


def _seed_store(folder: Path) -> Path:
    """A small store: three reps, four accounts, one contact (C1), and their import log."""
    from helpers.report.ingest import ingest
    from helpers.store import Store

    files = {
        "reps": "rep_id,name,team_id,hire_date\n"
        + "".join(f"R{i},Rep {i},T0{i % 2 + 1},2025-01-01\n" for i in range(3)),
        "accounts": "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked\n"
        + "".join(f"A{i},Account {i},R{i % 3},B,2025-06-01,,no\n" for i in range(4)),
        "contacts": "contact_id,date,rep_id,account_id,type,outcome\n"
        "C1,2026-03-01,R0,A0,visit,talked\n",
    }
    db = folder / "seed.sqlite"
    store = Store(f"sqlite:///{db}")
    for kind, text in files.items():
        (folder / f"{kind}.csv").write_text(text, encoding="utf-8")
        ingest(kind, folder / f"{kind}.csv", store)
    store.engine.dispose()
    return db


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded store, made once for the module; each case works on a copy of it."""
    return _seed_store(tmp_path_factory.mktemp("seed"))


def _copy(src: Path, dest: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(src)) as a,
        contextlib.closing(sqlite3.connect(dest)) as b,
    ):
        a.backup(b)


def fingerprint(db: Path) -> dict[str, tuple[int, str]]:
    """Rows and a SHA-256 of every table's rows (in sorted order), per table."""
    out = {}
    with contextlib.closing(sqlite3.connect(db)) as conn:
        tables = conn.execute("select name from sqlite_master where type = 'table' order by name")
        for (table,) in tables.fetchall():
            rows = sorted(repr(r) for r in conn.execute(f'select * from "{table}"'))
            out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def _imports(db: Path) -> list[tuple[int, int]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("select rows_read, rows_added from imports order by id").fetchall()


def _argv(case: dict[str, Any], folder: Path, db: Path) -> list[str]:
    file = folder / case["file"]
    argv = [
        a.replace("{file}", str(file)).replace("{dir}", str(folder))
        for a in shlex.split(case["run"])
    ]
    if argv[0] == "ingest":
        argv += ["--store", f"sqlite:///{db}"]
    return argv


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def _run(argv: list[str], real: bool, tmp_path: Path) -> tuple[int, str, str]:
    if not real:
        result = runner.invoke(app, argv)
        return result.exit_code, result.stdout, result.stderr
    exe = Path(sys.executable).with_name("coachkit")
    done = subprocess.run(
        [str(exe), *argv], capture_output=True, text=True, check=False, timeout=120
    )
    return done.returncode, done.stdout, done.stderr


def check_case(case: dict[str, Any], seed: Path, tmp_path: Path, real: bool) -> None:
    """Run one case on a copy of its file and of the store; check what the manifest says."""
    folder = tmp_path / "case"
    folder.mkdir()
    for name in {case["file"], "_crm_contacts.csv"}:
        (folder / name).write_bytes((BAD / name).read_bytes())
    db = tmp_path / "store.sqlite"
    _copy(seed, db)
    before, imports_before = fingerprint(db), _imports(db)
    file = folder / case["file"]

    code, out, err = _run(_argv(case, folder, db), real, tmp_path)

    for stream in (out, err):
        assert "Traceback" not in stream, stream
    assert not (tmp_path / "var" / "coachkit.log").exists(), "an unexpected failure was logged"
    after = fingerprint(db)
    assert {t: v for t, v in after.items() if t != "imports"} == {
        t: v for t, v in before.items() if t != "imports"
    }, "the store changed"
    logged = _imports(db)[len(imports_before) :]
    assert _imports(db)[: len(imports_before)] == imports_before
    # an import that ran is logged, with nothing added; one that stopped is not
    if code == 0 and case["run"].startswith("ingest"):
        assert len(logged) == 1 and logged[0][1] == 0, logged
    else:
        assert logged == [], logged

    expect, rejects = case["expect"], folder / f"{file.stem}.rejects.csv"
    if expect == "error" or (expect == "any" and code != 0):
        assert code == case.get("code", code) and code in (1, 2), (code, out, err)
        lines = _lines(err)
        assert len(lines) == 1, lines
        assert lines[0].startswith("error: ") and lines[0].count(str(file)) == 1, lines
        assert case.get("says", "") in lines[0], lines
        assert not _lines(out) and not rejects.exists()
    elif expect in ("rejects", "empty") or expect == "any":
        assert code == 0, (out, err)
        assert not _lines(err), err
        summary = _lines(out)
        assert len(summary) == 1 and str(file) in summary[0], summary
        n = case.get("rejected", 0)
        assert f"rejected {n}" in summary[0] and "added 0" in summary[0], summary
        if expect == "rejects":
            rows = pd.read_csv(rejects, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            assert len(rows) == n and rows["reason"].str.len().gt(0).all(), rows
        elif expect == "empty":
            assert "read 0" in summary[0] and not rejects.exists(), summary
    else:
        assert expect == "lint", expect
        assert code == 1, (out, err)
        issues = [ISSUE.match(line) for line in _lines(out)]
        assert issues and all(issues), _lines(out)
        assert {m["file"] for m in issues if m} == {case["file"]}
        assert set(case["codes"]) <= {m["code"] for m in issues if m}, _lines(out)
        assert len(_lines(err)) == 1 and "problems: " in err, err


@pytest.mark.parametrize("case", CASES, ids=[f"{i:02d}-{c['file']}" for i, c in enumerate(CASES)])
def test_bad_input_is_one_line_or_rejects_and_the_store_is_unchanged(
    case: dict[str, Any], seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "en")
    check_case(case, seed, tmp_path, real=False)


@pytest.mark.parametrize("name", sorted(SUBPROCESS))
def test_bad_input_in_a_real_process(
    name: str, seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "en")
    case = next(c for c in CASES if c["file"] == name)
    check_case(case, seed, tmp_path, real=True)


def test_every_corpus_file_is_a_case_and_the_folder_stays_small() -> None:
    files = {p.name for p in BAD.iterdir() if p.is_file()} - HELPERS
    assert len(files) >= 40
    assert files == {c["file"] for c in CASES}
    assert sum((BAD / n).stat().st_size for n in files) < 3_000_000
    kinds = {Path(n).suffix for n in files}
    assert {".csv", ".xlsx", ".yaml"} <= kinds


def test_the_committed_files_are_what_make_py_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bad_corpus_make", BAD / "make.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted({p.name for p in BAD.iterdir()} - {"make.py", "MANIFEST.yaml"})
    for name in written:
        assert (tmp_path / name).read_bytes() == (BAD / name).read_bytes(), name
