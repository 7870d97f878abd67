"""An import is all or nothing: whatever fails, on SQLite and PostgreSQL, for every kind."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from helpers.report.ingest import KINDS, IngestError, ingest
from helpers.report.ingest import load as ingest_load
from helpers.report.ingest import source as ingest_source
from helpers.store import Store
from helpers.store.records import RECORD_TABLES
from helpers.store.tables import Base, ImportRow, ReviewCardRow

REPS = 3
ACCOUNTS = 4


def row(kind: str, i: int) -> str:
    """Row ``i`` of ``kind``, valid and unique, referring only to the seeded reps and accounts."""
    rep, acc = f"R{i % REPS}", f"A{i % ACCOUNTS}"
    day = dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
    return {
        "reps": f"R{i},Rep {i},T{i % 2},2025-01-01",
        "accounts": f"A{i},Account {i},{rep},B,2025-06-01,,no",
        "contacts": f"C{i},{day},{rep},{acc},visit,talked",
        "deals": f"D{i},{acc},{rep},{day},{100 + i}",
        "attempts": f"{rep},04_objections,quiz:q{i},1,3,{day}T09:00:00+08:00",
        "scores": f"S{i // 12},{rep},TR1,c{i % 12},{1 + i % 5},{day},v1",
        "opportunities": f"O{i},{acc},{rep},{day}" + f",{1 + i % 5}" * 9 + ",yes",
        "customer_events": f"E{i},{acc},Person {i},birthday,{day}",
        "receivables": f"V{i},{acc},{rep},{100 + i},{day},{day},,{i % 4},",
    }[kind]


HEADERS = {
    "reps": "rep_id,name,team_id,hire_date",
    "accounts": "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked",
    "contacts": "contact_id,date,rep_id,account_id,type,outcome",
    "deals": "deal_id,account_id,rep_id,date,amount",
    "attempts": "learner_id,module,exercise_id,score,max_score,created_at",
    "scores": "session_id,rep_id,trainer_id,criterion_id,score,scored_on,rubric_version",
    "opportunities": "opportunity_id,account_id,rep_id,assessed_on,opp_scope,opp_roi,"
    "opp_relationship,opp_competition,opp_timing,opp_customer_resources,opp_loyalty,"
    "opp_influence,opp_our_resources,pursued",
    "customer_events": "event_id,account_id,person,kind,date",
    "receivables": "receivable_id,account_id,rep_id,amount,invoice_date,due_date,"
    "completed_date,reminders,paid_date",
}


def write(path: Path, kind: str, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADERS[kind], *lines]) + "\n", encoding="utf-8")
    return path


def snapshot(store: Store) -> dict[str, int]:
    """Rows per table, every table of the store (the import log and review cards included)."""
    with store.engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in Base.metadata.tables.items()
        }


@pytest.fixture
def seeded(store_url: str, tmp_path: Path) -> Store:
    """A store holding the reps and accounts the other kinds refer to, and one earlier import."""
    store = Store(store_url)
    ingest(
        "reps", write(tmp_path / "reps0.csv", "reps", [row("reps", i) for i in range(REPS)]), store
    )
    accounts = [row("accounts", i) for i in range(ACCOUNTS)]
    ingest("accounts", write(tmp_path / "acc0.csv", "accounts", accounts), store)
    return store


def fresh(kind: str, i: int) -> str:
    """A row that is new to the seeded store (reps and accounts get ids past the seeded ones)."""
    offset = {"reps": REPS, "accounts": ACCOUNTS}.get(kind, 0)
    return row(kind, i + offset)


def bad_row(kind: str, i: int) -> str:
    """A well-formed line whose first value (an id every kind needs) is empty: a reject."""
    return "," + fresh(kind, i).split(",", 1)[1]


KIND_PARAMS = pytest.mark.parametrize("kind", KINDS)
BEFORE = pytest.mark.parametrize("good", [49, 50, 60])


@KIND_PARAMS
@BEFORE
def test_a_malformed_line_in_a_later_chunk_leaves_the_store_as_it_was(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, good: int
) -> None:
    # the first chunk (49, 50 or 60 good rows) is written before the broken line is read
    monkeypatch.setattr(ingest_source, "CHUNK_ROWS", good)
    lines = [fresh(kind, i) for i in range(good)]
    lines += ['"an unterminated quote,x,y', *(fresh(kind, i) for i in range(good, good + 5))]
    before = snapshot(seeded)
    with pytest.raises(IngestError, match="not a well-formed CSV file"):
        ingest(kind, write(tmp_path / f"{kind}.csv", kind, lines), seeded)
    assert snapshot(seeded) == before
    assert not list(tmp_path.glob(f"{kind}.rejects.csv*"))


@KIND_PARAMS
@BEFORE
def test_a_rejects_file_that_cannot_be_written_leaves_the_store_as_it_was(
    seeded: Store, tmp_path: Path, kind: str, good: int
) -> None:
    lines = [fresh(kind, i) for i in range(good)] + [bad_row(kind, good)]
    before = snapshot(seeded)
    rejects = tmp_path / "no" / "such" / "folder" / "rejects.csv"
    with pytest.raises(IngestError, match="cannot write the rejects file"):
        ingest(kind, write(tmp_path / f"{kind}.csv", kind, lines), seeded, rejects=rejects)
    assert snapshot(seeded) == before


@KIND_PARAMS
@BEFORE
def test_a_store_error_at_the_end_leaves_the_store_as_it_was(
    seeded: Store, tmp_path: Path, kind: str, good: int
) -> None:
    class StoreFailure(Exception):
        pass

    def fail(*_args: object, **_kwargs: object) -> None:
        raise StoreFailure("the import log cannot be written")

    lines = [fresh(kind, i) for i in range(good)] + [bad_row(kind, good)]
    before = snapshot(seeded)
    seeded.log_import = fail  # type: ignore[method-assign]
    with pytest.raises(StoreFailure):
        ingest(kind, write(tmp_path / f"{kind}.csv", kind, lines), seeded)
    assert snapshot(seeded) == before
    # the rejects file of a failed import is not left behind as if it had succeeded
    assert not list(tmp_path.glob(f"{kind}.rejects.csv*"))


def test_imported_attempts_and_their_review_cards_are_one_transaction(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers.learner import review

    def broken(*_args: object, **_kwargs: object) -> Callable[..., None]:
        raise RuntimeError("the cards cannot be worked out")

    monkeypatch.setattr(review, "rebuild_cards", broken)
    lines = [fresh("attempts", i) for i in range(10)]
    before = snapshot(seeded)
    with pytest.raises(RuntimeError):
        ingest("attempts", write(tmp_path / "attempts.csv", "attempts", lines), seeded)
    assert snapshot(seeded) == before


def imports_logged(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ImportRow.__table__)).scalar_one()


@KIND_PARAMS
@BEFORE
@pytest.mark.parametrize("rejected", [1, 3000])
def test_a_full_disk_while_writing_the_rejects_file_leaves_the_store_as_it_was(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, good: int,
    rejected: int,
) -> None:  # fmt: skip
    # /dev/full takes nothing: a few rejects fail when the file is closed, many while written
    monkeypatch.setattr(
        ingest_load._Rejects,
        "_open",
        lambda _self: open("/dev/full", "w", encoding="utf-8-sig", newline=""),  # noqa: SIM115
    )
    lines = [fresh(kind, i) for i in range(good)]
    lines += [bad_row(kind, good + i) for i in range(rejected)]
    before = snapshot(seeded)
    with pytest.raises(IngestError, match="cannot write the rejects file"):
        ingest(kind, write(tmp_path / f"{kind}.csv", kind, lines), seeded)
    assert snapshot(seeded) == before
    assert not list(tmp_path.glob(f"{kind}.rejects.csv*"))


@KIND_PARAMS
@pytest.mark.parametrize("rejected", [0, 1])
def test_rejects_naming_a_folder_is_refused_before_anything_is_written(
    seeded: Store, tmp_path: Path, kind: str, rejected: int
) -> None:
    lines = [fresh(kind, i) for i in range(60)] + [bad_row(kind, 60 + i) for i in range(rejected)]
    folder = tmp_path / "out"
    folder.mkdir()
    before = snapshot(seeded)
    with pytest.raises(IngestError, match="is a folder"):
        ingest(kind, write(tmp_path / f"{kind}.csv", kind, lines), seeded, rejects=folder)
    assert snapshot(seeded) == before
    assert list(folder.iterdir()) == []


@KIND_PARAMS
def test_the_import_log_matches_what_was_stored(seeded: Store, tmp_path: Path, kind: str) -> None:
    lines = [fresh(kind, i) for i in range(60)] + [bad_row(kind, 60)]
    path = write(tmp_path / f"{kind}.csv", kind, lines)
    table = RECORD_TABLES[kind].__table__
    for expected_added in (60, 0):  # the second run adds nothing, and says so
        before, logged = snapshot(seeded)[table.name], imports_logged(seeded)
        ingest(kind, path, seeded)
        with seeded.engine.connect() as conn:
            last = (
                conn.execute(
                    select(ImportRow.__table__).order_by(ImportRow.__table__.c.id.desc()).limit(1)
                )
                .mappings()
                .one()
            )
        assert imports_logged(seeded) == logged + 1
        assert (last["kind"], last["rows_read"], last["rows_rejected"]) == (kind, 61, 1)
        assert last["rows_added"] == expected_added == snapshot(seeded)[table.name] - before


KILLED = """
import sys, time
from pathlib import Path
from helpers.learner import review
from helpers.report.ingest import ingest
from helpers.store import Store

real = review.rebuild_cards

def rebuild_then_wait(*args, **kwargs):
    saved = real(*args, **kwargs)
    Path(sys.argv[3]).write_text(str(saved))
    time.sleep(120)
    return saved

review.rebuild_cards = rebuild_then_wait
ingest("attempts", Path(sys.argv[2]), Store(sys.argv[1]))
"""


def cards(store: Store) -> int:
    return snapshot(store)["review_cards"]


def test_an_import_killed_after_its_attempts_and_cards_are_written_leaves_nothing(
    seeded: Store, store_url: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "attempts.csv", "attempts", [fresh("attempts", i) for i in range(10)])
    marker, before = tmp_path / "written", snapshot(seeded)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-c", KILLED, store_url, str(path), str(marker)]
    proc = subprocess.Popen(cmd, env=env)
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists() and int(marker.read_text()) > 0, "the import never wrote cards"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(seeded) == before
    again = ingest("attempts", path, seeded)
    assert again.added == 10 and cards(seeded) == int(marker.read_text())


def test_a_rerun_rebuilds_review_cards_missing_for_stored_attempts(
    seeded: Store, tmp_path: Path
) -> None:
    path = write(tmp_path / "attempts.csv", "attempts", [fresh("attempts", i) for i in range(10)])
    ingest("attempts", path, seeded)
    expected = cards(seeded)
    assert expected > 0
    with seeded.transaction() as conn:  # attempts stored, their cards lost
        conn.execute(ReviewCardRow.__table__.delete())
    again = ingest("attempts", path, seeded)
    assert again.added == 0 and again.unchanged == 10
    assert cards(seeded) == expected
