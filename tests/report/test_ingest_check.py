"""``coachkit ingest --check``: every check and exact figures, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from helpers.cli import app
from helpers.report.ingest import ingest
from helpers.store import Store

runner = CliRunner()

REPS = "rep_id,name,team_id,hire_date\nR1,Li Na,T01,2024-03-01\nR2,Wang,T01,2024-03-01\n"
ACCOUNTS = (
    "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked\n"
    "A1,Acme,R1,B,2024-05-01,,0\n"
)
CONTACTS = (
    "contact_id,date,rep_id,account_id,type,outcome\n"
    "C1,2024-06-01,R1,A1,call,talked\n"
    "C2,2024/6/2,R1,A1,visit,\n"
    "C3,2024-06-03,R9,A1,visit,talked\n"
    "C4,2024-06-04,R2,A1,visit,appointment\n"
)


def tables(store: Store) -> dict[str, int]:
    names = ["reps", "accounts", "contacts", "imports", "record_history", "person_roles"]
    with store.engine.connect() as conn:
        return {n: conn.execute(text(f"select count(*) from {n}")).scalar_one() for n in names}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store()
    for kind, body in (("reps", REPS), ("accounts", ACCOUNTS)):
        (tmp_path / f"{kind}0.csv").write_text(body, encoding="utf-8")
        ingest(kind, tmp_path / f"{kind}0.csv", store)
    return store


def test_a_check_stores_nothing_and_counts_what_an_import_stores(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    before = tables(store)
    checked = ingest("contacts", path, store, check=True)
    assert tables(store) == before
    assert not list(tmp_path.glob("contacts.rejects.csv*"))
    assert checked.rejects_path is None
    assert [row for row, _ in checked.reasons] == [3, 4]
    assert checked.reasons[0][1].startswith("outcome is empty")
    loaded = ingest("contacts", path, store)
    figures = ("read", "added", "updated", "unchanged", "rejected")
    assert [getattr(checked, f) for f in figures] == [getattr(loaded, f) for f in figures]
    assert (loaded.added, loaded.rejected) == (2, 2)
    assert ingest("contacts", path, store, check=True).unchanged == 2


def test_a_check_of_changed_reps_counts_changes_and_keeps_none(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "reps.csv"
    path.write_text(REPS.replace("Wang,T01", "Wang,T02") + "R3,Zhao,T01,2024-03-01\n", "utf-8")
    before = tables(store)
    checked = ingest("reps", path, store, check=True)
    assert (checked.added, checked.updated, checked.unchanged) == (1, 1, 1)
    assert tables(store) == before
    assert store.roles_of("R2") == {("learner", "T01")}


def test_a_check_writes_the_rejects_file_only_when_asked(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    asked = tmp_path / "why.csv"
    result = ingest("contacts", path, store, rejects=asked, check=True)
    assert result.rejects_path == asked and asked.is_file()
    assert store.count("contacts") == 0


def test_the_cli_check_prints_the_figures_and_first_reasons(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    before = tables(store)
    result = runner.invoke(app, ["ingest", "contacts", str(path), "--check"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("check only, nothing stored; an import would give: contacts")
    assert "read 4, added 2, already stored 0, rejected 2" in lines[0]
    assert lines[1].startswith("  row 3: outcome is empty")
    assert lines[2] == "  row 4: rep R9 is not in the store; import reps first"
    zh = runner.invoke(
        app, ["ingest", "contacts", str(path), "--check"], env={"COACHKIT_LOCALE": "zh"}
    )
    assert zh.exit_code == 0 and zh.stdout.startswith("检查（没有写入任何数据）")
    assert "第 3 行" in zh.stdout
    assert tables(store) == before and not list(tmp_path.glob("contacts.rejects*"))


def test_the_cli_check_lists_a_few_reasons_and_counts_the_rest(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "contacts.csv"
    rows = [f"C{i},2024-06-01,R1,A1,fax,talked" for i in range(9)]
    path.write_text(CONTACTS.splitlines()[0] + "\n" + "\n".join(rows) + "\n", "utf-8")
    result = runner.invoke(app, ["ingest", "contacts", str(path), "--check"])
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + 5 + 1 and lines[-1] == "  ... rejected rows not shown: 4"


def test_the_cli_check_of_an_unusable_file_exits_1(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("contact_id,date\nC1,2024-06-01\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "contacts", str(path), "--check"])
    assert result.exit_code == 1 and "missing column(s)" in result.stderr
    numbered = tmp_path / "numbered.csv"
    numbered.write_text(CONTACTS.replace(",C", ",").replace("\nC", "\n"), encoding="utf-8")
    refused = runner.invoke(app, ["ingest", "contacts", str(numbered), "--check"])
    assert refused.exit_code == 1 and "row numbers" in refused.stderr
    assert store.count("contacts") == 0
