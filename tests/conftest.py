"""Shared fixtures: a small valid playbook library that tests can break on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Run the whole session, notebooks' kernels included, on a throw-away store."""
    scratch = Path(tempfile.mkdtemp(prefix="coachkit-test-"))
    os.environ["COACHKIT_STORE"] = f"sqlite:///{scratch / 'store.sqlite'}"
    os.environ["COACHKIT_VAR"] = str(scratch / "var")
    os.environ.pop("COACHKIT_LEARNER", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A skipped test fails: a component the kit uses is installed, never left out."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"a test was skipped, and tests never skip here: {report.longrepr}"


PROJECT = Path(__file__).resolve().parents[1]

REQUIRED_STATS = (
    "stages",
    "questions",
    "products",
    "ffab_chains",
    "scenarios",
    "scenario_categories",
    "quiz_items",
    "rubric_criteria",
    "missing_translations",
)
"""The counts ``coachkit lint --stats --json`` must report."""


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the minimal valid library, safe to edit."""
    dest = tmp_path / "playbooks"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace one exact snippet in a file; fails the test if the snippet is absent."""

    def _edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return _edit


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every test at its own store so no test touches the developer's data."""
    monkeypatch.setenv("COACHKIT_STORE", f"sqlite:///{tmp_path / 'store.sqlite'}")
    monkeypatch.setenv("COACHKIT_VAR", str(tmp_path / "var"))
    monkeypatch.delenv("COACHKIT_LEARNER", raising=False)


PG_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg-test-server.sh"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server on loopback for the whole run, removed afterwards.

    Started by ``scripts/pg-test-server.sh``. A machine without PostgreSQL
    fails here with the command that installs it: the tests never skip it.
    """
    folder = Path(tempfile.mkdtemp(prefix="coachkit-pg-"))
    started = subprocess.run(
        ["bash", str(PG_SCRIPT), "start", str(folder)], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        pytest.fail(f"cannot start PostgreSQL for the tests: {started.stderr.strip()}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", str(folder)], check=False)


@pytest.fixture
def postgres(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the test server, for one test."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store on each back-end the kit supports: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'backend.sqlite'}"
    return request.getfixturevalue("postgres")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One real ``coachkit app`` for the session (sample teams on the reports page)."""
    from tests.app_server import start_app

    server = start_app(tmp_path_factory.mktemp("app"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
