"""Ingest: real files (CSV in two encodings, .xlsx) into a real SQLite store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from helpers.cli import app
from helpers.playbook import load_library
from helpers.report.ingest import IngestError, ingest, ingest_folder, parse_dates, parse_timestamps
from helpers.report.ingest import load as ingest_load
from helpers.report.ingest import source as ingest_source
from helpers.report.ingest.load import _Seen
from helpers.report.sample import SampleSpec, generate
from helpers.store import Store
from tests.conftest import PROJECT

runner = CliRunner()

REPS = "rep_id,name,team_id,hire_date\nR0001,Li Na,T01,2024-03-01\nR0002,Wang Wei,T01,2023-06-15\n"
ACCOUNTS_HEAD = "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked\n"


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


def imports(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("select count(*) from imports")).scalar_one()


def rejects_of(path: Path) -> pd.DataFrame:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "rejects file must carry a BOM"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture
def store_with_reps(tmp_path: Path) -> Store:
    store = Store()
    ingest("reps", write(tmp_path / "reps.csv", REPS), store)
    return store


def test_generated_sample_loads_completely_and_only_once(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    spec = SampleSpec(teams=2, reps_per_team=3, months=4, seed=1)
    counts = generate(folder, spec, load_library(PROJECT / "tests/fixtures/mini"))
    store = Store()
    first = {r.kind: r for r in ingest_folder(folder, store)}
    assert list(first) == [
        "reps", "accounts", "contacts", "deals", "attempts", "scores", "opportunities",
        "customer_events", "receivables",
    ]  # fmt: skip
    for kind, n in counts.items():
        assert n > 0, kind
        assert (first[kind].read, first[kind].added, first[kind].rejected) == (n, n, 0), kind
        assert store.count(kind) == n, kind
    again = ingest_folder(folder, store)
    for result in again:
        assert result.added == 0 and result.unchanged == counts[result.kind], result.summary()
        assert store.count(result.kind) == counts[result.kind]
    assert not list(folder.glob("*.rejects.csv"))
    assert imports(store) == 2 * len(counts)
    reps = pd.read_csv(folder / "reps.csv", dtype=str)
    assert store.known_ids("reps") == set(reps["rep_id"])


def test_gb18030_export_with_a_mapping_file(tmp_path: Path) -> None:
    mapping = write(
        tmp_path / "crm.yaml",
        "columns: {销售编号: rep_id, 姓名: name, 团队: team_id, 入职日期: hire_date,\n"
        "          记录号: contact_id, 日期: date, 销售: rep_id, 客户: account_id,\n"
        "          方式: type, 结果: outcome}\n"
        "values:\n  type: {拜访: visit, 电话: call}\n  outcome: {接通: talked, 未接: no_answer}\n",
    )
    reps = write(
        tmp_path / "销售.csv",
        "销售编号,姓名,团队,入职日期\nR0001,李娜,华东,2024年3月1日\nR0002,王伟,华东,2023年6月15日\n",
        "gb18030",
    )
    contacts = write(
        tmp_path / "拜访记录.csv",
        "记录号,日期,销售,客户,方式,结果,备注\n"
        "C1,2024/05/06,R0001,A0000001,拜访,接通,首次见面\n"
        "C2,2024.05.07,R0002,A0000001,电话,未接,\n",
        "gb18030",
    )
    store = Store()
    ingest("reps", reps, store, mapping=mapping)
    write(tmp_path / "a.csv", ACCOUNTS_HEAD + "A0000001,平安药房,R0001,A,2024-05-01,doctor,否\n")
    ingest("accounts", tmp_path / "a.csv", store)
    result = ingest("contacts", contacts, store, mapping=mapping)
    assert (result.read, result.added, result.rejected) == (2, 2, 0)
    team = store.team_records("华东", dt.date(2024, 12, 31))
    assert sorted(team.reps["name"]) == ["李娜", "王伟"]
    assert list(team.reps.sort_values("rep_id")["hire_date"].dt.date) == [
        dt.date(2024, 3, 1),
        dt.date(2023, 6, 15),
    ]
    assert sorted(team.contacts["type"]) == ["call", "visit"]
    assert not bool(team.accounts["parked"].iloc[0])


def test_utf8_with_bom_and_ids_stay_text(tmp_path: Path) -> None:
    path = write(tmp_path / "reps.csv", "rep_id,name,team_id,hire_date\n007,Zhao,01,2024-01-02\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    store = Store()
    result = ingest("reps", path, store)
    assert result.added == 1
    assert store.known_ids("reps") == {"007"}
    assert store.teams() == ["01"]


def test_xlsx_with_date_cells_and_sheet_rows(tmp_path: Path, store_with_reps: Store) -> None:
    book = openpyxl.Workbook()
    book.active.title = "notes"
    book.active.append(["Exported from the CRM on 2024-06-01"])
    sheet = book.create_sheet("accounts")
    sheet.append(["account_id", "name", "owner_rep_id", "grade", "created_on", "profile_fields"])
    sheet.append(["A1", "One", "R0001", "A", dt.datetime(2024, 5, 1), "doctor;pharmacist"])
    sheet.append(["A2", "Two", "R0001", "Z", dt.datetime(2024, 5, 2), ""])
    sheet.append(["A3", "Three", "R0002", "c", "2024-05-03", ""])
    path = tmp_path / "accounts.xlsx"
    book.save(path)
    mapping = write(tmp_path / "m.yaml", "defaults: {parked: 'no'}\n")
    with pytest.raises(IngestError, match="missing column"):  # the first sheet is the notes
        ingest("accounts", path, store_with_reps, mapping=mapping)
    result = ingest("accounts", path, store_with_reps, mapping=mapping, sheet="accounts")
    assert (result.read, result.added, result.rejected) == (3, 2, 1)
    rejected = rejects_of(tmp_path / "accounts.rejects.csv")
    assert list(rejected["row"]) == ["3"] and "grade 'Z'" in rejected["reason"][0]
    accounts = store_with_reps.team_records("T01", dt.date(2025, 1, 1)).accounts
    got = accounts.set_index("account_id")
    assert got.loc["A1", "created_on"].date() == dt.date(2024, 5, 1)
    assert got.loc["A3", "grade"] == "C"


def test_bad_rows_go_to_the_rejects_file(tmp_path: Path, store_with_reps: Store) -> None:
    path = write(
        tmp_path / "accounts.csv",
        ACCOUNTS_HEAD
        + "A1,Good,R0001,A,2024-05-01,doctor,False\n"  # row 2
        + "A2,Bad grade,R0001,E,2024-05-01,,False\n"  # row 3
        + "A3,Bad date,R0001,B,31/12/2024,,False\n"  # row 4
        + "A4,Unknown rep,R0099,B,2024-05-01,,False\n"  # row 5
        + "A1,Duplicate,R0002,B,2024-05-01,,False\n"  # row 6
        + "\n"  # row 7: blank, skipped
        + 'A5,"Two, problems",R0001,X,2024-13-01,,maybe\n'  # row 8
        + "A6,Good too,R0002,d,2024年5月1日, doctor ; buyer ,是\n",  # row 9
    )
    result = ingest("accounts", path, store_with_reps)
    assert (result.read, result.added, result.unchanged, result.rejected) == (7, 2, 0, 5)
    assert result.rejects_path == tmp_path / "accounts.rejects.csv"
    assert "rejected 5" in result.summary() and "accounts.rejects.csv" in result.summary()
    rejected = rejects_of(result.rejects_path)
    assert list(rejected.columns[:3]) == ["row", "column", "reason"]
    assert list(rejected["row"]) == ["3", "4", "5", "6", "8"]
    reasons = dict(zip(rejected["row"], rejected["reason"], strict=True))
    assert reasons["3"] == "grade 'E' is not one of A, B, C, D"
    assert reasons["4"].startswith("created_on '31/12/2024' is not a date") and (
        "date_format" in reasons["4"]
    )
    assert reasons["5"] == "rep R0099 is not in the store; import reps first"
    assert reasons["6"] == "duplicate account_id: row 2 has the same"
    assert "grade 'X'" in reasons["8"] and "created_on '2024-13-01'" in reasons["8"]
    assert "parked 'maybe'" in reasons["8"]
    assert rejected.set_index("row").loc["8", "name"] == "Two, problems"  # original values
    assert store_with_reps.known_ids("accounts") == {"A1", "A6"}
    accounts = store_with_reps.team_records("T01", dt.date(2025, 1, 1)).accounts
    a6 = accounts.set_index("account_id").loc["A6"]
    assert (a6["grade"], a6["profile_fields"], bool(a6["parked"])) == ("D", "doctor;buyer", True)
    # a second run adds nothing and rejects the same rows again
    again = ingest("accounts", path, store_with_reps)
    assert (again.added, again.unchanged, again.rejected) == (0, 2, 5)


def test_duplicates_and_row_numbers_across_chunks(
    tmp_path: Path, store_with_reps: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_source, "CHUNK_ROWS", 2)
    write(tmp_path / "a.csv", ACCOUNTS_HEAD + "A1,One,R0001,A,2024-05-01,,0\n")
    ingest("accounts", tmp_path / "a.csv", store_with_reps)
    rows = [f"C{i},2024-06-0{i},R0001,A1,call,talked" for i in range(1, 6)]
    rows.insert(3, "C2,2024-06-09,R0001,A1,visit,talked")  # row 5, same id as row 3
    rows.append("C6,2024-06-09,R0001,A9,visit,talked")  # row 8, unknown account
    path = write(tmp_path / "c.csv", "contact_id,date,rep_id,account_id,type,outcome\n")
    path.write_text(path.read_text() + "\n".join(rows) + "\n")
    result = ingest("contacts", path, store_with_reps)
    assert (result.read, result.added, result.rejected) == (7, 5, 2)
    rejected = rejects_of(tmp_path / "c.rejects.csv")
    assert list(rejected["row"]) == ["5", "8"]
    assert rejected["reason"][0] == "duplicate contact_id: row 3 has the same"
    assert rejected["reason"][1] == "account A9 is not in the store; import accounts first"


@pytest.mark.parametrize("run", [1, 3, 1 << 22])
@pytest.mark.parametrize("top", [2, (1 << 32) - 30])  # row numbers past 4 bytes, too
def test_each_repeated_key_names_its_first_row_across_chunks(
    monkeypatch: pytest.MonkeyPatch, run: int, top: int
) -> None:
    monkeypatch.setattr(_Seen, "RUN", run)  # 1 and 3: runs of kept keys merged, or not
    keys = [f"K{(i * 7) % 23}" for i in range(60)]
    first: dict[str, int] = {}
    expected = [first.setdefault(k, row) for row, k in enumerate(keys, start=top)]
    expected = [0 if e == row else e for row, e in enumerate(expected, start=top)]
    seen, found = _Seen(), []
    series = pd.Series(keys, index=pd.RangeIndex(top, top + 60), dtype=str)
    for start in range(0, 60, 9):
        found += seen.earlier(series.iloc[start : start + 9]).tolist()
    assert found == expected


@pytest.mark.parametrize("how", ["same", "dotted", "hard link", "symlink"])
def test_a_rejects_file_that_is_the_data_file_is_refused(
    tmp_path: Path, store_with_reps: Store, how: str
) -> None:
    raw = ACCOUNTS_HEAD + "A1,n,R0001,B,2024-05-01,,0\nA2,n,R0001,E,2024-05-01,,0\n"
    path = write(tmp_path / "accounts.csv", raw)
    (tmp_path / "sub").mkdir()
    rejects = {
        "same": path,
        "dotted": tmp_path / "sub" / ".." / "accounts.csv",
        "hard link": tmp_path / "link.csv",
        "symlink": tmp_path / "sym.csv",
    }[how]
    if how == "hard link":
        rejects.hardlink_to(path)
    if how == "symlink":
        rejects.symlink_to(path)
    before = imports(store_with_reps)
    with pytest.raises(IngestError, match="the rejects file is the file being imported"):
        ingest("accounts", path, store_with_reps, rejects=rejects)
    assert path.read_text(encoding="utf-8") == raw
    assert store_with_reps.count("accounts") == 0 and imports(store_with_reps) == before
    result = runner.invoke(
        app, ["ingest", "accounts", str(path), "--rejects", str(rejects)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1, result.output
    assert "the rejects file is the file being imported" in result.output
    assert path.read_text(encoding="utf-8") == raw


def test_missing_column_writes_nothing(tmp_path: Path, store_with_reps: Store) -> None:
    path = write(
        tmp_path / "accounts.csv",
        "account_id,name,grade,created_on,profile_fields,parked\nA1,x,E,2024-01-01,,0\n",
    )
    before = imports(store_with_reps)
    with pytest.raises(IngestError) as err:
        ingest("accounts", path, store_with_reps)
    message = str(err.value)
    assert str(path) in message and "missing column(s) owner_rep_id" in message
    assert "found account_id, name, grade" in message and "\n" not in message
    assert store_with_reps.count("accounts") == 0 and imports(store_with_reps) == before
    assert not list(tmp_path.glob("*.rejects.csv*"))


def test_a_broken_line_late_in_the_file_writes_nothing(
    tmp_path: Path, store_with_reps: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_source, "CHUNK_ROWS", 2)
    lines = [f"A{i},n,R0001,Q,2024-05-01,,0" for i in range(1, 6)] + ["A9,n,R0001,A,2024,,0,extra"]
    path = write(tmp_path / "accounts.csv", ACCOUNTS_HEAD + "\n".join(lines) + "\n")
    with pytest.raises(IngestError, match="not a well-formed CSV file"):
        ingest("accounts", path, store_with_reps)
    assert store_with_reps.count("accounts") == 0
    assert not list(tmp_path.glob("*.rejects.csv*"))


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    store = Store()
    bad = tmp_path / "reps.csv"
    bad.write_bytes(b"rep_id,name,team_id,hire_date\nR1,\xff\xfe\xff,T1,2024-01-01\n")
    with pytest.raises(IngestError, match="cannot tell the text encoding") as err:
        ingest("reps", bad, store)
    assert str(bad) in str(err.value)
    empty = write(tmp_path / "empty.csv", "")
    with pytest.raises(IngestError, match="empty"):
        ingest("reps", empty, store)
    with pytest.raises(IngestError, match="unknown kind 'leads'"):
        ingest("leads", empty, store)
    assert store.count("reps") == 0 and imports(store) == 0


def test_mapping_file_is_checked(tmp_path: Path) -> None:
    reps = write(tmp_path / "reps.csv", REPS)
    mapping = write(tmp_path / "map.yaml", "columns: {工号: rep_id}\ncolumn_names: {}\n")
    with pytest.raises(IngestError) as err:
        ingest("reps", reps, Store(), mapping=mapping)
    assert str(mapping) in str(err.value) and "column_names: unknown key" in str(err.value)
    typo = write(tmp_path / "typo.yaml", "values: {tpye: {拜访: visit}}\n")
    with pytest.raises(IngestError, match=r"unknown kit column.*tpye"):
        ingest("reps", reps, Store(), mapping=typo)
    zone = write(tmp_path / "zone.yaml", "timezone: Mars/Olympus\n")
    with pytest.raises(IngestError, match="unknown time zone"):
        ingest("reps", reps, Store(), mapping=zone)
    assert Store().count("reps") == 0


def test_dates_and_timestamps() -> None:
    dates = pd.Series(
        ["2024-03-05", "2024/03/05", "2024.03.05", "2024年3月5日", "2024-03-05 00:00:00"], dtype=str
    )
    assert set(parse_dates(dates).dt.date) == {dt.date(2024, 3, 5)}
    odd = ["05/03/2024", "2024-02-30", "0224-03-05", "", "2024-3-32", "2026-01-1", "2024/3/05"]
    assert parse_dates(pd.Series(odd, dtype=str)).isna().all()
    assert parse_dates(pd.Series(["5.3.2024"]), "%d.%m.%Y")[0].date() == dt.date(2024, 3, 5)
    odd = pd.Series(odd, dtype=str)
    assert parse_dates(odd, "%d/%m/%Y")[0].date() == dt.date(2024, 3, 5)
    stamps = pd.Series(["2024-03-05T10:00:00+08:00", "2024-03-05 02:00:00", "noon"], dtype=str)
    utc = parse_timestamps(stamps)
    assert utc[0] == utc[1] == pd.Timestamp("2024-03-05T02:00:00Z") and pd.isna(utc[2])
    shanghai = parse_timestamps(pd.Series(["2024-03-05 10:00"], dtype=str), "Asia/Shanghai")
    assert shanghai[0] == pd.Timestamp("2024-03-05T02:00:00Z")


def test_repeated_dates_and_timestamps_parse_as_each_alone() -> None:
    texts = ["2024-03-05", "2024-3-5", "", "2024年3月5日", "2024-03-05", "2024-3-5", "x"]
    values = pd.Series(texts, index=pd.RangeIndex(10, 17), dtype=str)
    alone = [parse_dates(pd.Series([v], dtype=str))[0] for v in texts]
    parsed = parse_dates(values)
    assert list(parsed.index) == list(values.index)
    expected = pd.Series(alone, index=values.index, dtype="datetime64[ns]")
    pd.testing.assert_series_equal(parsed, expected)
    stamps = pd.Series(["2024-03-05 10:00", "noon", "2024-03-05 10:00"], index=[5, 6, 7], dtype=str)
    utc = parse_timestamps(stamps, "Asia/Shanghai")
    assert str(utc.dt.tz) == "UTC"
    assert utc[5] == utc[7] == pd.Timestamp("2024-03-05T02:00:00Z") and pd.isna(utc[6])


def test_attempts_get_stable_ids(tmp_path: Path, store_with_reps: Store) -> None:
    path = write(
        tmp_path / "attempts.csv",
        "learner_id,module,exercise_id,score,max_score,created_at\n"
        "R0001,01_visit_flow,quiz:q1,2,3,2024-03-05T10:00:00+08:00\n"
        "R0001,01_visit_flow,quiz:q1,2,3,2024-03-05T02:00:00Z\n"  # the same moment
        "R0002,01_visit_flow,quiz:q1,3,3.0,2024-03-05T02:00:00Z\n",
    )
    result = ingest("attempts", path, store_with_reps)
    assert (result.added, result.rejected) == (2, 1)
    assert (
        "duplicate learner_id, exercise_id, created_at, score: row 2"
        in (rejects_of(result.rejects_path)["reason"][0])
    )
    (stored,) = store_with_reps.attempts(learner_id="R0001")
    assert stored.created_at == dt.datetime(2024, 3, 5, 2, tzinfo=dt.UTC)
    assert (stored.content_version, stored.locale, stored.answer) == ("import", "zh", None)
    assert ingest("attempts", path, store_with_reps).added == 0
    # R0001 scored 2 of 3 (Hard): the item is queued for review; R0002's full marks are not
    assert [c.item_id for c in store_with_reps.cards("R0001")] == ["quiz:q1"]
    assert store_with_reps.cards("R0002") == []


def test_an_attempt_scored_above_its_maximum_is_rejected(
    tmp_path: Path, store_with_reps: Store
) -> None:
    path = write(
        tmp_path / "attempts.csv",
        "learner_id,module,exercise_id,score,max_score,created_at\n"
        "R0001,01_visit_flow,quiz:q1,3,3,2024-03-05T10:00:00+08:00\n"
        "R0001,01_visit_flow,quiz:q2,4,3.0,2024-03-05T10:01:00+08:00\n"
        "R0002,01_visit_flow,quiz:q3,4,x,2024-03-05T10:02:00+08:00\n",
    )
    result = ingest("attempts", path, store_with_reps)
    assert (result.added, result.rejected) == (1, 2)
    rejected = rejects_of(result.rejects_path)
    reasons = dict(zip(rejected["row"].astype(int), rejected["reason"], strict=True))
    assert reasons[3] == "score 4 is above max_score 3.0"
    assert reasons[4].startswith("max_score 'x' is not a number > 0")  # one reason per row
    assert [a.exercise_id for a in store_with_reps.attempts()] == ["quiz:q1"]


def test_scores_reimport_updates_changed_values_and_keeps_history(
    tmp_path: Path, store_with_reps: Store
) -> None:
    head = "session_id,rep_id,trainer_id,criterion_id,score,scored_on,rubric_version\n"
    rows = [
        "S1,R0001,TR01,opening,4,2024-05-01,v1",
        "S1,R0001,TR01,objection_handling,3,2024-05-01,v1",
        "S1,R0001,TR02,opening,7,2024-05-01,v1",
    ]
    path = write(tmp_path / "scores.csv", head + "\n".join(rows) + "\n")
    first = ingest("scores", path, store_with_reps)
    assert (first.added, first.rejected) == (2, 1)
    reason = rejects_of(first.rejects_path)["reason"][0]
    assert reason == "score '7' is not a whole number from 1 to 5"
    rows[1] = rows[1].replace(",3,", ",2,")
    path.write_text(head + "\n".join(rows[:2]) + "\n")
    second = ingest("scores", path, store_with_reps)
    assert (second.added, second.updated, second.unchanged, second.rejected) == (0, 1, 1, 0)
    history = store_with_reps.score_history("S1", "TR01", "objection_handling")
    assert [h["score"] for h in history] == [3]
    scores = store_with_reps.team_records("T01", dt.date(2025, 1, 1)).scores
    assert scores.set_index("criterion_id").loc["objection_handling", "score"] == 2


def test_scores_saved_in_parts_of_a_chunk_count_and_store_every_row(
    tmp_path: Path, store_with_reps: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_load, "SCORE_BATCH", 3)
    head = "session_id,rep_id,trainer_id,criterion_id,score,scored_on,rubric_version\n"
    rows = [f"S{i},R0001,TR01,opening,{i % 5 + 1},2024-05-01,v1" for i in range(8)]
    path = write(tmp_path / "scores.csv", head + "\n".join(rows) + "\n")
    first = ingest("scores", path, store_with_reps)
    assert (first.read, first.added, first.rejected) == (8, 8, 0)
    rows[6] = rows[6].replace(",2,", ",4,")  # S6 scored 2, now 4
    path.write_text(head + "\n".join(rows) + "\n")
    second = ingest("scores", path, store_with_reps)
    assert (second.added, second.updated, second.unchanged) == (0, 1, 7)
    stored = store_with_reps.team_records("T01", dt.date(2025, 1, 1)).scores
    assert sorted(zip(stored["session_id"], stored["score"], strict=True)) == [
        (f"S{i}", 4 if i == 6 else i % 5 + 1) for i in range(8)
    ]


def test_cli_exit_codes_and_messages(tmp_path: Path) -> None:
    reps = write(tmp_path / "reps.csv", REPS + "R0003,Bad,T01,someday\n")
    ok = runner.invoke(app, ["ingest", "reps", str(reps)])
    assert ok.exit_code == 0, ok.output
    assert "read 3, added 2, changed 0, already stored 0, rejected 1" in ok.stdout
    assert "reps.rejects.csv" in ok.stdout
    broken = write(tmp_path / "deals.csv", "deal_id,amount\nD1,100\n")
    bad = runner.invoke(app, ["ingest", "deals", str(broken)])
    assert bad.exit_code == 1
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {broken}: missing column(s)")
    assert "Traceback" not in bad.output
    unknown = runner.invoke(app, ["ingest", "leads", str(reps)])
    assert unknown.exit_code == 2 and "'leads' is not one of" in unknown.stderr
    folder = runner.invoke(app, ["ingest", "all", str(tmp_path / "nowhere")])
    assert folder.exit_code == 1 and "not a folder" in folder.stderr
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    again = runner.invoke(app, ["ingest", "reps", str(reps), "--store", other])
    assert again.exit_code == 0 and "added 2" in again.stdout
    assert Store(other).count("reps") == 2


def test_accounts_carry_an_optional_key_account_tier(
    tmp_path: Path, store_with_reps: Store
) -> None:
    head = ACCOUNTS_HEAD.strip() + ",tier\n"
    path = write(
        tmp_path / "accounts.csv",
        head + "A1,One,R0001,A,2024-05-01,,0,Strategic\n"
        "A2,Two,R0001,B,2024-05-01,,0,\n"
        "A3,Three,R0001,B,2024-05-01,,0,vip\n",
    )
    result = ingest("accounts", path, store_with_reps)
    assert (result.added, result.rejected) == (2, 1)
    assert (
        "tier 'vip' is not one of strategic, important, general"
        in (rejects_of(result.rejects_path)["reason"][0])
    )
    rec = store_with_reps.team_records("T01", dt.date(2026, 1, 1)).accounts.set_index("account_id")
    assert rec["tier"].to_dict() == {"A1": "strategic", "A2": ""}
    # a file without the column is fine: no account is a key account
    plain = write(tmp_path / "a2.csv", ACCOUNTS_HEAD + "A4,Four,R0001,C,2024-05-01,,0\n")
    assert ingest("accounts", plain, store_with_reps).added == 1


def test_ids_pasted_with_zero_width_characters_are_normalised(
    tmp_path: Path, store_url: str
) -> None:
    store = Store(store_url)
    text = (
        "rep_id,name,team_id,hire_date\n"
        "R0001,Li Na,T\u200b01,2024-03-01\n"
        " R0002\ufeff ,Wang Wei,T01\u200d,2023-06-15\n"
        "R0003,Zhao Lei,T\u00a0\u0007,2023-06-15\n"
        "Cafe\u0301,Chen,T02,2023-06-15\n"
    )
    result = ingest("reps", write(tmp_path / "reps.csv", text), store)
    assert (result.added, result.rejected) == (3, 1)
    assert store.known_ids("reps") == {"R0001", "R0002", "Caf\u00e9"}
    assert store.teams() == ["T01", "T02"]
    assert store.roles_of("R0002") == {("learner", "T01")}
    reason = rejects_of(result.rejects_path)["reason"][0]
    assert "team_id" in reason and "cannot be shown" in reason


def test_formula_cells_reach_the_rejects_file_as_text(
    tmp_path: Path, store_with_reps: Store
) -> None:
    names = ['=HYPERLINK("http://x.example","open")', "+86 21 5555", "@SUM(A1)", "-5", "Acme"]
    lines = [
        f'A{i},"{n.replace(chr(34), 2 * chr(34))}",R0001,E,2024-05-01,,0'
        for i, n in enumerate(names)
    ]
    path = write(tmp_path / "accounts.csv", ACCOUNTS_HEAD + "\n".join(lines) + "\n")
    result = ingest("accounts", path, store_with_reps)
    assert result.rejected == len(names)
    written = rejects_of(result.rejects_path)["name"].tolist()
    assert written == ["'" + names[0], "'" + names[1], "'" + names[2], "-5", "Acme"]


def test_a_mapping_file_saved_in_gbk_is_read(tmp_path: Path) -> None:
    store = Store()
    reps = write(tmp_path / "reps.csv", "工号,姓名,组,入职\nR1,李娜,T01,2024-03-01\n")
    mapping = tmp_path / "map.yaml"
    text = "columns: {工号: rep_id, 姓名: name, 组: team_id, 入职: hire_date}\n"
    mapping.write_bytes(text.encode("gbk"))
    assert ingest("reps", reps, store, mapping=mapping).added == 1
    mapping.write_bytes(b"columns: {\xff\xfe: rep_id}\n")
    with pytest.raises(IngestError, match="neither UTF-8 nor GB18030"):
        ingest("reps", reps, store, mapping=mapping)


@pytest.mark.parametrize("fmt", ["%d.%m.%Q", "%d.%m", "%", "%Y-%m-%d %"])
def test_an_invalid_date_format_is_one_line(tmp_path: Path, fmt: str) -> None:
    reps = write(tmp_path / "reps.csv", REPS)
    mapping = write(tmp_path / "map.yaml", f'date_format: "{fmt}"\n')
    with pytest.raises(IngestError, match="is not a date format") as err:
        ingest("reps", reps, Store(), mapping=mapping)
    assert str(mapping) in str(err.value) and "\n" not in str(err.value)
    result = runner.invoke(app, ["ingest", "reps", str(reps), "--mapping", str(mapping)])
    assert result.exit_code == 1 and "Traceback" not in result.output
