"""The store URL's password never reaches a file or a terminal.

A PostgreSQL store whose owner has a distinctive password is loaded, reported
on, exported and checked through the ``coachkit`` command, each in its own
process (a report's kernel included), with every folder the kit, IPython and
Jupyter write to inside the test's folder; then every file there, and all that
was printed, is searched for the password.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from helpers.app.reports import ReportService
from tests.pg import owned_database

PASSWORD = "Zq9-secret-7788"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
PERIOD = ["--from", "2026-10-01", "--to", "2026-10-31"]


@dataclass
class Session:
    """The commands run so far, with what they printed, in one isolated home."""

    url: str
    home: Path
    env: dict[str, str]
    printed: list[tuple[list[str], bytes]] = field(default_factory=list)

    def run(self, *args: str, extra: dict[str, str] | None = None) -> int:
        """Run ``coachkit *args`` in a new process; keep its output; return its exit code."""
        done = subprocess.run(
            [sys.executable, "-m", "helpers.cli", *args],
            cwd=self.home,
            env={**self.env, **(extra or {})},
            capture_output=True,
            timeout=300,
            check=False,
        )
        self.printed.append((list(args), done.stdout + done.stderr))
        return done.returncode


def isolated_env(home: Path) -> dict[str, str]:
    """This process's environment with every per-user folder moved into ``home``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER_", "XDG_", "IPYTHON", "COACHKIT_", "MPLCONFIG"))
    }
    env.update(
        HOME=str(home),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "share"),
        COACHKIT_VAR=str(home / "var"),
        COACHKIT_STORE=f"sqlite:///{home / 'unused.sqlite'}",
        COACHKIT_LOCALE="en",
    )
    return env


@pytest.fixture
def session(
    postgres_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Session]:
    home = tmp_path / "home"
    home.mkdir()
    env = isolated_env(home)
    for name in list(os.environ):
        if name not in env:
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with owned_database(postgres_server, "sec", password=PASSWORD) as db:
        assert make_url(db.url).password == PASSWORD
        yield Session(db.url, home, env)


def test_the_password_is_nowhere_on_disk_or_in_output(
    session: Session, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    url, out = session.url, session.home / "out"
    out.mkdir()
    store = ["--store", url]
    assert session.run("ingest", "all", str(SAMPLE), *store) == 0
    assert session.run("db", "init-roles", *store) == 0
    assert session.run("db", "check", *store) == 0
    assert (
        session.run("report", "--team", "T01", "--out", str(out / "T01.html"), *PERIOD, *store) == 0
    )
    teams = ["--team", "T01", "--team", "T02"]
    assert session.run("reports", "--out", str(out / "batch"), *teams, *PERIOD, *store) == 0
    unknown = ["--team", "T99", "--out", str(out / "T99.html")]
    assert session.run("report", *unknown, *PERIOD, *store) == 2
    bad = out / "contacts-bad.csv"
    bad.write_text(
        "contact_id,date,rep_id,account_id,type,outcome\n"
        "C900000001,2026-10-02,R0001,A0000001,visit,talked\n"
        "C900000002,not a date,R0001,A0000001,visit,talked\n"
        "C900000003,2026-10-03,NOBODY,A0000001,visit,talked\n",
        encoding="utf-8",
    )
    assert session.run("ingest", "contacts", str(bad), *store) == 0
    assert (out / "contacts-bad.rejects.csv").is_file()
    assert session.run("export-scores", "--out", str(out / "scores.csv"), *store) == 0
    assert session.run("info", extra={"COACHKIT_STORE": url}) == 0
    assert session.run("info", "--json", extra={"COACHKIT_STORE": url}) == 0
    no_db = make_url(url).set(database="no_such_db").render_as_string(hide_password=False)
    assert session.run("export-scores", "--out", str(out / "x.csv"), "--store", no_db) == 1
    bad_port = url.replace("@127.0.0.1:", "@127.0.0.1:no-port-")
    assert session.run("export-scores", "--out", str(out / "y.csv"), "--store", bad_port) != 0

    service = ReportService(url, out / "app")
    try:
        params = service.params("T02", "2026-10-01", "2026-10-31", "en")
        # its own thread: another test's browser may hold this thread's event loop
        with ThreadPoolExecutor(1) as pool:
            page = pool.submit(asyncio.run, service.render(params)).result()
    finally:
        service.close()

    # the commands did their work: what is searched below holds real pages, exports and errors
    assert page.is_file() and "T02" in page.read_text(encoding="utf-8")
    assert "T01" in (out / "T01.html").read_text(encoding="utf-8")
    assert {"T01.html", "T02.html", "index.html"} <= {p.name for p in (out / "batch").iterdir()}
    assert len((out / "scores.csv").read_text(encoding="utf-8-sig").splitlines()) > 1000
    said = {" ".join(args): text for args, text in session.printed}
    assert b"T99" in said[" ".join(["report", *unknown, *PERIOD, *store])]
    assert b"owner_" in said["info --json"] and b"***" in said["info --json"]

    secret = PASSWORD.encode()
    for args, text in session.printed:
        assert secret not in text, f"coachkit {args[:2]} printed the password: {text!r}"
    captured = capfd.readouterr()
    assert PASSWORD not in captured.out + captured.err
    files = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()]
    assert len(files) > 10
    assert [str(p.relative_to(tmp_path)) for p in files if secret in p.read_bytes()] == []
