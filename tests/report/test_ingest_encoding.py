"""Text encodings of imported CSV files: detected when safe, otherwise named by the operator."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from helpers.cli import app
from helpers.report.ingest import IngestError, ingest
from helpers.store import Store
from helpers.store.tables import RepRow

runner = CliRunner()

NAMES = {
    "big5": ["陳大文", "張偉明"],
    "shift_jis": ["山田太郎", "田中"],
    "latin-1": ["Müller", "Jürgen Groß"],
    "cp1252": ["Müller", "François"],
}


def reps_file(path: Path, names: list[str], encoding: str) -> Path:
    lines = ["rep_id,name,team_id,hire_date"]
    lines += [f"R{i},{name},T01,2024-03-01" for i, name in enumerate(names)]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def stored_names(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(RepRow.name).order_by(RepRow.rep_id)).scalars())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_utf8_and_chinese_gb18030_are_detected(tmp_path: Path, encoding: str) -> None:
    store = Store()
    names = ["陈大文", "王伟"]
    ingest("reps", reps_file(tmp_path / "reps.csv", names, encoding), store)
    assert stored_names(store) == names


@pytest.mark.parametrize("encoding", sorted(NAMES))
def test_other_encodings_are_refused_unless_named(tmp_path: Path, encoding: str) -> None:
    store, names = Store(), NAMES[encoding]
    path = reps_file(tmp_path / "reps.csv", names, encoding)
    with pytest.raises(IngestError) as err:
        ingest("reps", path, store)
    message = str(err.value)
    assert str(path) in message and "--encoding" in message and "\n" not in message
    assert store.count("reps") == 0
    result = runner.invoke(app, ["ingest", "reps", str(path)])
    assert result.exit_code == 1 and "--encoding" in result.output
    assert "Traceback" not in result.output and store.count("reps") == 0
    ok = runner.invoke(app, ["ingest", "reps", str(path), "--encoding", encoding])
    assert ok.exit_code == 0, ok.output
    assert stored_names(store) == names


def test_the_mapping_file_can_name_the_encoding(tmp_path: Path) -> None:
    store = Store()
    path = reps_file(tmp_path / "reps.csv", NAMES["big5"], "big5")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("encoding: Big5\n", encoding="utf-8")
    ingest("reps", path, store, mapping=mapping)
    assert stored_names(store) == NAMES["big5"]


def test_a_named_encoding_is_checked(tmp_path: Path) -> None:
    store = Store()
    path = reps_file(tmp_path / "reps.csv", NAMES["big5"], "big5")
    with pytest.raises(IngestError, match="unknown text encoding big-five"):
        ingest("reps", path, store, encoding="big-five")
    with pytest.raises(IngestError, match="not utf-8 text"):
        ingest("reps", path, store, encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("encoding: klingon\n", encoding="utf-8")
    with pytest.raises(IngestError, match="unknown encoding 'klingon'"):
        ingest("reps", path, store, mapping=mapping)
    assert store.count("reps") == 0
