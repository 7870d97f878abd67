"""The store engine: the configured URL, SQLite in WAL mode, passwords hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from helpers import store


def test_engine_uses_the_configured_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "nested" / "kit.sqlite"
    monkeypatch.setenv("COACHKIT_STORE", f"sqlite:///{db}")
    engine = store.get_engine()
    with engine.begin() as conn:
        conn.execute(text("create table t (x int)"))
        conn.execute(text("insert into t values (1)"))
        mode = conn.execute(text("pragma journal_mode")).scalar()
    assert mode == "wal"
    assert db.exists()
    # a second engine (as a new process would make) sees the committed row
    with store.get_engine(f"sqlite:///{db}").connect() as conn:
        assert conn.execute(text("select x from t")).scalar() == 1


def test_describe_hides_the_password() -> None:
    url = "postgresql+psycopg://coach:hunter2@127.0.0.1:5432/kit"
    assert store.describe(url) == "postgresql+psycopg://coach:***@127.0.0.1:5432/kit"
