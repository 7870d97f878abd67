"""A process killed outright (SIGKILL) in the middle of a write leaves a sound store.

Real processes import contacts, save many role-play scores and render a batch
of reports, and are killed at several points: after a share of the time a
clean run takes, or once a marker is printed or a file appears. Then the
SQLite file passes its integrity check, every write is there whole or not at
all, and running the same command again ends exactly where a clean run ends.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.playbook import load_library
from helpers.report.ingest import ingest
from helpers.report.sample import SampleSpec, generate
from helpers.store import Store

CLI = [sys.executable, "-m", "helpers.cli"]
STAMPS = {"updated_at", "replaced_at", "imported_at", "submitted_at", "revised_at"}
"""Columns holding the time of the run that wrote the row, not data."""
RUN_TIMES = {"people": {"created_at"}, "roleplay_sessions": {"created_at"}}
"""``created_at`` is data in ``attempts``, the time of the run in these tables."""
PERIOD = ["--from", "2026-10-01", "--to", "2026-10-31"]

Condition = Callable[[str, float], bool]


def after(seconds: float) -> Condition:
    """Kill once ``seconds`` have passed since the process started."""
    return lambda _out, elapsed: elapsed >= seconds


def printed(marker: str, then: float = 0.0) -> Condition:
    """Kill ``then`` seconds after ``marker`` first appears in the output."""
    seen: list[float] = []

    def check(out: str, elapsed: float) -> bool:
        if not seen and marker in out:
            seen.append(elapsed)
        return bool(seen) and elapsed >= seen[0] + then

    return check


def appears(path_glob: Path) -> Condition:
    """Kill once a file matching ``path_glob`` exists."""
    return lambda _out, _elapsed: any(path_glob.parent.glob(path_glob.name))


@dataclass
class Run:
    output: str
    killed: bool
    seconds: float


def run(args: list[str], kill: Condition | None = None, timeout: float = 120) -> Run:
    """Run ``args`` in a new process group; SIGKILL the whole group once ``kill`` holds.

    The group goes: a report's kernels die with the command that started them.
    """
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
        encoding="utf-8",
    )
    chunks: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: chunks.extend(iter(proc.stdout.readline, "")))
    reader.start()
    start = time.monotonic()
    killed = False
    while proc.poll() is None:
        elapsed = time.monotonic() - start
        assert elapsed < timeout, f"{args} ran over {timeout} s: {''.join(chunks)}"
        if kill is not None and kill("".join(chunks), elapsed):
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.005)
    proc.wait()
    reader.join()
    seconds = time.monotonic() - start
    out = "".join(chunks)
    if not killed:
        assert proc.returncode == 0, out
    return Run(out, killed, seconds)


def sound(db: Path) -> None:
    """The SQLite file passes its integrity and foreign-key checks."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def state(db: Path) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of the sorted rows of every table but the import log, without
    the columns that hold the time of the run."""
    out = {}
    with sqlite3.connect(db) as conn:
        names = [
            r[0]
            for r in conn.execute("select name from sqlite_master where type = 'table'")
            if r[0] not in ("imports", "alembic_version") and not r[0].startswith("sqlite_")
        ]
        for name in sorted(names):
            skip = STAMPS | RUN_TIMES.get(name, set())
            cols = [r[1] for r in conn.execute(f"pragma table_info({name})") if r[1] not in skip]
            rows = sorted(repr(r) for r in conn.execute(f"select {', '.join(cols)} from {name}"))
            out[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    conn.close()
    return out


def imports(db: Path, kind: str) -> list[tuple[int, int]]:
    """``(rows_read, rows_added)`` of each logged import of ``kind``, oldest first."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select rows_read, rows_added from imports where kind = ? order by id", (kind,)
        ).fetchall()
    conn.close()
    return rows


def url(db: Path) -> str:
    return f"sqlite:///{db}"


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Sample CSV files of six teams, and a store holding their reps and accounts."""
    folder = tmp_path_factory.mktemp("crash-org")
    out = run([*CLI, "sample-data", "--out", str(folder / "csv"), "--teams", "6"])
    assert "contacts.csv" in out.output
    db = folder / "base.sqlite"
    store = Store(url(db))
    for kind in ("reps", "accounts"):
        ingest(kind, folder / "csv" / f"{kind}.csv", store)
    store.engine.dispose()
    return folder / "csv", db


def test_a_killed_contacts_import_is_all_or_nothing(org: tuple[Path, Path], tmp_path: Path) -> None:
    csv, base = org
    contacts = csv / "contacts.csv"
    before = state(base)

    def command(db: Path) -> list[str]:
        return [*CLI, "ingest", "contacts", str(contacts), "--store", url(db)]

    clean = tmp_path / "clean.sqlite"
    shutil.copy(base, clean)
    took = run(command(clean)).seconds
    done = state(clean)
    n = done["contacts"][0]
    assert n > 10_000 and done != before

    points = [after(took * share) for share in (0.5, 0.8)]
    points.append(printed("contacts from"))  # the summary: committed, not yet exited
    for i, point in enumerate(points):
        db = tmp_path / f"killed{i}.sqlite"
        shutil.copy(base, db)
        killed = run(command(db), point)
        sound(db)
        now = state(db)
        assert now in (before, done), "an import was stored in part"
        logged = imports(db, "contacts")
        assert logged == ([] if now == before else [(n, n)])
        if i == len(points) - 1:
            assert killed.killed and now == done
        run(command(db))
        sound(db)
        assert state(db) == done
        assert imports(db, "contacts")[-1] == (n, 0 if logged else n)


SAVE = """
import datetime as dt, sys
from helpers.store import Score, Store
store, bump = Store(sys.argv[1]), int(sys.argv[2])
scores = [
    Score(session_id=f"S{i // 12:05}", trainer_id=f"TR{i % 3}", criterion_id=f"c{i % 12}",
          rep_id=f"R{i // 120:03}", score=1 + (i + bump) % 5, rubric_version="v1",
          scored_on=dt.date(2026, 1, 1) + dt.timedelta(days=i % 200))
    for i in range(12_000)
]
print("saving", flush=True)
summary = store.save_scores(scores)
print("saved", summary, flush=True)
"""


def test_a_killed_score_save_is_all_or_nothing(tmp_path: Path) -> None:
    def command(db: Path, bump: int) -> list[str]:
        return [*CLI[:1], "-c", SAVE, url(db), str(bump)]

    empty = tmp_path / "empty.sqlite"
    Store(url(empty)).engine.dispose()
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    shutil.copy(empty, first)
    took = run(command(first, 0)).seconds
    shutil.copy(first, second)
    run(command(second, 1))  # every score changed: updates and their history
    states = [state(empty), state(first), state(second)]
    assert states[1]["roleplay_scores"][0] == 12_000
    assert states[2]["roleplay_score_history"][0] == 12_000

    for bump, start in ((0, empty), (1, first)):
        points = [printed("saving", took * share) for share in (0.15, 0.4)]
        for i, point in enumerate([*points, printed("saved")]):
            db = tmp_path / f"save{bump}-{i}.sqlite"
            shutil.copy(start, db)
            killed = run(command(db, bump), point)
            sound(db)
            assert state(db) in states[bump : bump + 2], "a save was stored in part"
            if i == len(points):
                assert killed.killed and state(db) == states[bump + 1]
            run(command(db, bump))
            assert state(db) == states[bump + 1]


STAMP = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")


def pages(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its time stamps blanked."""
    return {p.name: STAMP.sub(b"<stamp>", p.read_bytes()) for p in folder.iterdir()}


def test_a_killed_report_batch_leaves_the_store_and_whole_pages(tmp_path: Path) -> None:
    csv = tmp_path / "csv"
    spec = SampleSpec(teams=2, reps_per_team=3, months=2, seed=3)
    generate(csv, spec, load_library(strict=False))
    db = tmp_path / "org.sqlite"
    store = Store(url(db))
    for kind in ("reps", "accounts", "contacts", "deals", "attempts", "scores"):
        ingest(kind, csv / f"{kind}.csv", store)
    store.engine.dispose()
    before = state(db)

    def command(out: Path) -> list[str]:
        return [*CLI, "reports", "--out", str(out), "--workers", "1", *PERIOD, "--store", url(db)]

    clean = tmp_path / "clean"
    took = run(command(clean)).seconds
    want = pages(clean)
    assert {"T01.html", "T02.html", "index.html"} == set(want)

    out = tmp_path / "out"
    for point in (appears(out / "T0*.html"), after(took * 0.3), after(took * 0.7)):
        run(command(out), point)
        sound(db)
        assert state(db) == before
        got = pages(out) if out.exists() else {}
        for name, text in got.items():
            if not name.endswith(".part"):
                assert text == want[name], f"{name} was left in part"
    run(command(out))
    assert pages(out) == want
    sound(db)
    assert state(db) == before
