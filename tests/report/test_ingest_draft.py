"""Draft mapping files guessed from a CRM export's header and values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandera.errors import SchemaError
from typer.testing import CliRunner

from helpers.cli import app
from helpers.i18n import t
from helpers.report.ingest import IngestError, build_schema, ingest, load_mapping
from helpers.report.ingest.draft import ALLOWED, TODO, draft_mapping, guess_column, guess_value
from helpers.report.ingest.kinds import COLUMNS
from helpers.store import Store
from tests.fixtures.crm_export import SAMPLE, UNMAPPED, write_export

runner = CliRunner()


@pytest.mark.parametrize("file", ["csv", "xlsx"])
def test_a_draft_of_the_crm_export_maps_its_columns_and_values(tmp_path: Path, file: str) -> None:
    export = write_export(tmp_path)
    out = draft_mapping("contacts", getattr(export, file), tmp_path / "draft.yaml")
    mapping = load_mapping(out)
    assert mapping.columns == {
        "拜访日期": "date", "业务员编号": "rep_id", "客户编号": "account_id",
        "拜访方式": "type", "拜访结果": "outcome",
    }  # fmt: skip
    assert mapping.values == {
        "type": {"上门拜访": "visit", "电话": "call", "微信": "message", "会议": "meeting"},
        "outcome": {"面谈": "talked", "未接通": "no_answer", "约见": "appointment", UNMAPPED: TODO},
    }
    assert mapping.id == "derived"  # 序号 is no id
    assert mapping.header_row == (3 if file == "xlsx" else 1)
    assert mapping.encoding == (None if file == "xlsx" else "gb18030")
    written = out.read_text(encoding="utf-8")
    for key in ("op.draft.check", "op.draft.header_row"):
        for lang in ("zh", "en"):
            assert t(key, lang, row=mapping.header_row) in written
    assert "# 备注" in written  # a column not mapped is named in a comment


def test_the_draft_as_written_loads_and_rejects_the_rows_it_could_not_map(
    tmp_path: Path,
) -> None:
    export = write_export(tmp_path)
    store = Store()
    ingest("reps", SAMPLE / "reps.csv", store)
    ingest("accounts", SAMPLE / "accounts.csv", store)
    draft = draft_mapping("contacts", export.xlsx, tmp_path / "draft.yaml")
    result = ingest("contacts", export.xlsx, store, mapping=draft, check=True)
    assert (result.added, result.rejected) == (len(export.good), len(export.bad))


def test_english_headers_and_values_already_the_kits_are_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(
        "Visit ID,Date,Rep ID,Customer ID,Type,Result,Notes\n"
        "V1,2026-03-05,R1,A1,Visit,No answer,\n"
        "V2,2026-03-06,R1,A1,call,TALKED,\n"
        "V3,2026-03-07,R1,A1,Fax,Lost,\n",
        encoding="utf-8",
    )
    mapping = load_mapping(draft_mapping("contacts", path, tmp_path / "m.yaml"))
    assert mapping.columns == {
        "Visit ID": "contact_id", "Date": "date", "Rep ID": "rep_id",
        "Customer ID": "account_id", "Type": "type", "Result": "outcome",
    }  # fmt: skip
    assert mapping.values == {
        "type": {"Fax": TODO},
        "outcome": {"No answer": "no_answer", "Lost": TODO},
    }
    assert mapping.id is None and mapping.encoding == "utf-8-sig"


def test_a_draft_never_overwrites_a_file(tmp_path: Path) -> None:
    export = write_export(tmp_path)
    out = tmp_path / "mine.yaml"
    out.write_text("columns: {}\n", encoding="utf-8")
    with pytest.raises(IngestError, match="already exists"):
        draft_mapping("contacts", export.csv, out)
    result = runner.invoke(
        app, ["ingest", "contacts", str(export.csv), "--draft-mapping", str(out)]
    )
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "columns: {}\n"
    fresh = runner.invoke(
        app, ["ingest", "contacts", str(export.xlsx), "--draft-mapping", str(tmp_path / "d.yaml")]
    )
    assert fresh.exit_code == 0 and "draft mapping written" in fresh.stdout
    assert load_mapping(tmp_path / "d.yaml").header_row == 3


def test_guesses_are_per_kind() -> None:
    assert guess_column("业务员编号", "contacts") == "rep_id"
    assert guess_column("业务员编号", "accounts") == "owner_rep_id"
    assert guess_column(" Rep_ID ", "deals") == "rep_id"
    assert guess_column("客户名称", "contacts") is None
    assert guess_value("outcome", "面谈") == "talked" and guess_value("outcome", "?") is None


def test_the_drafts_allowed_values_are_the_schemas() -> None:
    for kind, columns in COLUMNS.items():
        for column, vtype in columns.items():
            if vtype not in ALLOWED:
                continue
            frame = pd.DataFrame({c: "" for c in columns}, index=[0])
            schema = build_schema(kind).columns[column]
            for value in ALLOWED[vtype]:
                frame[column] = value
                schema.validate(frame)
            frame[column] = "not-a-value"
            with pytest.raises(SchemaError):
                schema.validate(frame)
