"""The header row: found below title and blank rows, or given; rows keep a spreadsheet's numbers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.cli import app
from helpers.report.ingest import IngestError, ingest
from helpers.report.ingest.source import find_header
from helpers.store import Store

runner = CliRunner()

HEAD = ["rep_id", "name", "team_id", "hire_date"]
REPS = [["R1", "Li Na", "T01", "2024-03-01"], ["R2", "Wang", "T01", "someday"]]
REPS += [["R3", "Zhao", "T02", "2024-03-02"]]
TITLE = "销售人员名单（导出时间 2026-04-01 09:12）"


def rejects(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def csv_file(path: Path, top: list[list[str]], head: list[str] = HEAD) -> Path:
    lines = [",".join(r) for r in [*top, head, *REPS]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def xlsx_file(path: Path, top: list[list[str]], head: list[str] = HEAD) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [*top, head, *REPS]:
        sheet.append(row)
    if top and len(top[0]) == 1:  # a title over the table
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    book.save(path)
    return path


MAKERS = {"csv": csv_file, "xlsx": xlsx_file}


@pytest.mark.parametrize("suffix", sorted(MAKERS))
@pytest.mark.parametrize(
    ("top", "header_at"),
    [([], 1), ([[TITLE]], 2), ([[TITLE], []], 3), ([[], [TITLE, "", ""], [], []], 5)],
)
def test_the_header_is_found_below_title_and_blank_rows(
    tmp_path: Path, suffix: str, top: list[list[str]], header_at: int
) -> None:
    store = Store()
    path = MAKERS[suffix](tmp_path / f"reps.{suffix}", top)
    result = ingest("reps", path, store)
    assert (result.read, result.added, result.rejected) == (3, 2, 1)
    assert store.known_ids("reps") == {"R1", "R3"}
    got = rejects(tmp_path / "reps.rejects.csv")
    assert list(got["row"]) == [str(header_at + 2)]  # as the spreadsheet numbers it
    assert got["rep_id"][0] == "R2" and got["reason"][0].startswith("hire_date 'someday'")


@pytest.mark.parametrize("suffix", sorted(MAKERS))
def test_a_header_of_other_names_is_found_through_the_mapping(tmp_path: Path, suffix: str) -> None:
    head = ["工号", "姓名", "团队", "入职日期"]
    path = MAKERS[suffix](tmp_path / f"reps.{suffix}", [[TITLE], ["导出人", "张三"]], head)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns: {工号: rep_id, 姓名: name, 团队: team_id, 入职日期: hire_date}\n")
    result = ingest("reps", path, Store(), mapping=mapping)
    assert (result.added, result.rejected) == (2, 1)
    assert list(rejects(tmp_path / "reps.rejects.csv")["row"]) == ["5"]


def test_without_the_kinds_columns_the_fullest_row_is_the_header(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "reps.csv", [[TITLE], []], ["工号", "姓名", "团队", "入职日期"])
    with pytest.raises(IngestError) as err:
        ingest("reps", path, Store())
    message = str(err.value)
    assert "missing column(s) rep_id, name, team_id, hire_date" in message
    assert "found 工号, 姓名, 团队, 入职日期 (header at row 3)" in message


def test_find_header_prefers_the_row_with_the_columns() -> None:
    rows = [["title"], ["a", "b", "c", "d", "e"], ["rep_id", "name", "x"], ["1", "2", "3"]]
    assert find_header(rows, {"rep_id", "name"}, {}) == 3
    assert find_header(rows, {"工号"}, {}) == 2  # the fullest row
    assert find_header(rows, {"rep_id"}, {"a": "rep_id"}) == 2


@pytest.mark.parametrize("suffix", sorted(MAKERS))
def test_the_header_row_can_be_given(tmp_path: Path, suffix: str) -> None:
    # a row naming the kind's columns above the real header: taken for the header
    path = MAKERS[suffix](tmp_path / f"reps.{suffix}", [HEAD, []])
    store = Store()
    guessed = ingest("reps", path, store, check=True)
    assert (guessed.read, guessed.rejected) == (4, 2)  # the real header read as a row
    result = ingest("reps", path, store, header_row=3)
    assert (result.added, result.rejected) == (2, 1)
    assert list(rejects(tmp_path / "reps.rejects.csv")["row"]) == ["5"]
    mapping = tmp_path / "map.yaml"
    mapping.write_text("header_row: 3\n", encoding="utf-8")
    again = ingest("reps", path, store, mapping=mapping, rejects=tmp_path / "r2.csv")
    assert (again.unchanged, again.rejected) == (2, 1)
    cli = runner.invoke(app, ["ingest", "reps", str(path), "--header-row", "3"])
    assert cli.exit_code == 0 and "already stored 2, rejected 1" in cli.stdout, cli.output
    wrong = runner.invoke(app, ["ingest", "reps", str(path), "--header-row", "4"])
    assert wrong.exit_code == 1 and "(header at row 4)" in wrong.stderr
    assert runner.invoke(app, ["ingest", "reps", str(path), "--header-row", "0"]).exit_code == 2


def test_a_header_row_past_the_end_is_an_empty_file(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path / "reps.xlsx", [])
    with pytest.raises(IngestError, match="empty"):
        ingest("reps", path, Store(), header_row=50)
