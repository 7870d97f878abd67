"""Numbers, dates and the last line of a file are taken as written or rejected, never altered."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from helpers.report.ingest import ingest
from helpers.report.ingest.kinds import COLUMNS, OPTIONAL
from helpers.report.ingest.values import OPTIONAL_VALUE, parse_numbers
from helpers.store import Store
from helpers.store.tables import DealRow

SEED_REPS = "rep_id,name,team_id,hire_date\nR0001,Li Na,T01,2024-03-01\n"
SEED_ACCOUNTS = (
    "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked\n"
    "A1,Acme,R0001,B,2024-05-01,,0\n"
)
DEALS = "deal_id,account_id,rep_id,date,amount\n"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store()
    for kind, text in (("reps", SEED_REPS), ("accounts", SEED_ACCOUNTS)):
        (tmp_path / f"{kind}0.csv").write_text(text, encoding="utf-8")
        ingest(kind, tmp_path / f"{kind}0.csv", store)
    return store


def amounts(store: Store) -> dict[str, float]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(DealRow.deal_id, DealRow.amount)).all())


def rejects(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5100", 5100.0),
        ("5100.25", 5100.25),
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("0.5", 0.5),
        ("1,5", None),
        ("1.234,56", None),
        ("12,34", None),
        ("1,2345", None),
        ("1e5", None),
        ("", None),
    ],
)
def test_a_comma_is_only_a_thousands_separator(text: str, value: float | None) -> None:
    parsed = parse_numbers(pd.Series([text], dtype=str))[0]
    assert (pd.isna(parsed) and value is None) or parsed == value


def test_ambiguous_amounts_are_rejected_not_altered(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "deals.csv"
    rows = ['D1,A1,R0001,2026-01-15,"1,5"', 'D2,A1,R0001,2026-01-15,"1.234,56"']
    rows += ['D3,A1,R0001,2026-01-15,"1,234.5"', "D4,A1,R0001,2026-01-1,10"]
    path.write_text(DEALS + "\n".join(rows) + "\n", encoding="utf-8")
    result = ingest("deals", path, store)
    assert (result.added, result.rejected) == (1, 3)
    assert amounts(store) == {"D3": 1234.5}
    reasons = rejects(tmp_path / "deals.rejects.csv").set_index("deal_id")["reason"]
    assert "a comma only between thousands" in reasons["D1"] and "'1,5'" in reasons["D1"]
    assert "'1.234,56'" in reasons["D2"]
    assert "'2026-01-1'" in reasons["D4"] and "both with two digits" in reasons["D4"]


@pytest.mark.parametrize(
    "last",
    [
        "D2,A1,R00",  # cut in the rep id
        "D2,A1,R0001,2026-01-1",  # cut in the date
        "D2,A1,R0001,2026-01-15",  # cut before the amount
    ],
)
def test_a_last_line_cut_short_is_rejected(tmp_path: Path, store: Store, last: str) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(DEALS + "D1,A1,R0001,2026-01-14,5100\n" + last, encoding="utf-8")
    result = ingest("deals", path, store)
    assert (result.added, result.rejected) == (1, 1)
    assert amounts(store) == {"D1": 5100.0}
    reason = rejects(tmp_path / "deals.rejects.csv")["reason"][0]
    assert "the file may be cut short" in reason and "of the header's 5" in reason


def test_accounts_cut_before_their_optional_columns_are_rejected(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(SEED_ACCOUNTS + "A2,Beta,R0001,B,2024-05-01", encoding="utf-8")
    result = ingest("accounts", path, store)
    assert (result.added, result.unchanged, result.rejected) == (0, 1, 1)
    assert store.known_ids("accounts") == {"A1"}


def test_a_bad_last_line_without_line_end_says_the_file_may_be_cut_short(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(DEALS + "D1,A1,R0001,2026-01-14,5100\nD2,A1,R0001,2026-01-1,5", "utf-8")
    result = ingest("deals", path, store)
    assert (result.added, result.rejected) == (1, 1)
    reason = rejects(tmp_path / "deals.rejects.csv")["reason"][0]
    assert "'2026-01-1'" in reason and "the file may be cut short" in reason


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_complete_last_line_is_stored(tmp_path: Path, store: Store, end: str) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(
        (DEALS + "D1,A1,R0001,2026-01-14,5100\nD2,A1,R0001,2026-01-15,51" + end).encode()
    )
    result = ingest("deals", path, store)
    assert (result.added, result.rejected) == (2, 0)
    assert amounts(store) == {"D1": 5100.0, "D2": 51.0}


def test_a_last_amount_without_line_end_is_not_stored_as_it_may_have_lost_digits(
    tmp_path: Path, store: Store
) -> None:
    # 5100 cut after "51": stored as 51 it would be silently wrong
    path = tmp_path / "deals.csv"
    path.write_bytes((DEALS + "D1,A1,R0001,2026-01-14,5100\nD2,A1,R0001,2026-01-15,51").encode())
    result = ingest("deals", path, store)
    assert (result.added, result.rejected) == (1, 1)
    assert amounts(store) == {"D1": 5100.0}
    got = rejects(tmp_path / "deals.rejects.csv")
    assert list(got["row"]) == ["3"] and list(got["column"]) == ["amount"]
    assert "may have lost digits" in got["reason"][0] and "'51'" in got["reason"][0]


REPS = "rep_id,name,team_id,hire_date\n"


def hire_dates(store: Store) -> dict[str, object]:
    with store.engine.connect() as conn:
        rows = conn.execute(sql("select rep_id, hire_date from reps")).all()
    return {rep: str(day)[:10] for rep, day in rows}


@pytest.mark.parametrize(
    "written",
    [
        "2026-03-05", "2026/03/05", "2026.03.05", "2026/3/5", "2026-3-5", "2026.3.5",
        "2026年3月5日", "2026年03月05日", "2026-03-05 14:30", "2026/3/5 14:30:00",
        "2026年3月5日 9:05", "2026-03-05 00:00:00",
    ],
)  # fmt: skip
def test_common_chinese_date_styles_are_read_without_being_told(
    tmp_path: Path, written: str
) -> None:
    store = Store()
    path = tmp_path / "reps.csv"
    path.write_text(REPS + f"R1,Li,T01,{written}\n", encoding="utf-8")
    result = ingest("reps", path, store)
    assert (result.added, result.rejected) == (1, 0)
    assert hire_dates(store) == {"R1": "2026-03-05"}


@pytest.mark.parametrize(
    "written", ["2026-03-5", "2026/3/05", "2026-3/5", "2026-02-30", "2026/3/5 25:00", "5.3.2026"]
)
def test_dates_of_mixed_or_unknown_shape_are_rejected(tmp_path: Path, written: str) -> None:
    store = Store()
    path = tmp_path / "reps.csv"
    path.write_text(REPS + f"R1,Li,T01,{written}\nR2,Wang,T01,2026-03-05\n", encoding="utf-8")
    result = ingest("reps", path, store)
    assert (result.added, result.rejected) == (1, 1)
    reason = rejects(tmp_path / "reps.rejects.csv")["reason"][0]
    assert reason.startswith(f"hire_date '{written}' is not a date (expected 2026-03-05")


def test_the_mapping_may_name_several_date_formats_tried_first(tmp_path: Path) -> None:
    store = Store()
    mapping = tmp_path / "map.yaml"
    mapping.write_text('date_format: ["%d.%m.%Y", "%m/%d/%Y"]\n', encoding="utf-8")
    path = tmp_path / "reps.csv"
    rows = "R1,Li,T01,5.3.2026\nR2,Wang,T01,03/05/2026\nR3,Zhao,T01,2026/3/5\n"
    path.write_text(REPS + rows, encoding="utf-8")
    assert ingest("reps", path, store, mapping=mapping).added == 3
    assert set(hire_dates(store).values()) == {"2026-03-05"}


@pytest.mark.parametrize(
    ("last", "cut"),
    [
        ("2026-3-1", True),  # may be 2026-3-1x
        ("2026/10/1", True),
        ("2026-3-15", False),  # no digit more makes a date
        ("2026-03-01", False),
        ("2026年3月1日", False),
        ("2026-03-05 14:30", False),
    ],
)
def test_a_last_date_without_line_end_that_may_have_lost_digits_is_rejected(
    tmp_path: Path, last: str, cut: bool
) -> None:
    store = Store()
    path = tmp_path / "reps.csv"
    path.write_text(REPS + f"R1,Li,T01,2026-03-05\nR2,Wang,T01,{last}", encoding="utf-8")
    result = ingest("reps", path, store)
    assert (result.added, result.rejected) == (1 + (not cut), int(cut))
    if cut:
        got = rejects(tmp_path / "reps.rejects.csv")
        assert list(got["row"]) == ["3"] and list(got["column"]) == ["hire_date"]
        assert "may have lost digits" in got["reason"][0] and f"'{last}'" in got["reason"][0]
    path.write_text(REPS + f"R1,Li,T01,2026-03-05\nR2,Wang,T01,{last}\n", encoding="utf-8")
    assert ingest("reps", path, store).rejected == 0  # with its line end it is complete


ROWS = {
    "reps": "rep_id,name,team_id,hire_date\nR9,Zhao,T01,2024-03-01",
    "accounts": "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked,tier\n"
    "A9,Acme,R0001,B,2024-05-01,doctor,0,general",
    "contacts": "contact_id,date,rep_id,account_id,type,outcome\n"
    "C9,2024-06-01,R0001,A1,call,talked",
    "deals": "deal_id,account_id,rep_id,date,amount\nD9,A1,R0001,2024-06-01,100",
    "attempts": "learner_id,module,exercise_id,score,max_score,created_at\n"
    "R0001,01_visit_flow,quiz:q1,2,3,2024-03-05T10:00:00+08:00",
    "scores": "session_id,rep_id,trainer_id,criterion_id,score,scored_on,rubric_version\n"
    "S1,R0001,TR01,opening,4,2024-05-01,v1",
    "opportunities": "opportunity_id,account_id,rep_id,assessed_on,opp_scope,opp_roi,"
    "opp_relationship,opp_competition,opp_timing,opp_customer_resources,opp_loyalty,"
    "opp_influence,opp_our_resources,pursued\nO1,A1,R0001,2024-06-01,3,4,2,5,1,3,3,2,4,yes",
    "customer_events": "event_id,account_id,person,kind,date\nE1,A1,Wang,birthday,1980-06-01",
    "receivables": "receivable_id,account_id,rep_id,amount,invoice_date,due_date,"
    "completed_date,reminders,paid_date\nV1,A1,R0001,100,2024-06-01,2024-07-01,,1,",
}
REQUIRED = [
    (kind, column)
    for kind, columns in COLUMNS.items()
    for column, vtype in columns.items()
    if vtype not in OPTIONAL_VALUE and column not in OPTIONAL.get(kind, {})
]


@pytest.mark.parametrize(("kind", "column"), REQUIRED, ids=[f"{k}.{c}" for k, c in REQUIRED])
def test_an_empty_required_value_is_rejected_with_its_column(
    tmp_path: Path, store: Store, kind: str, column: str
) -> None:
    head, row = ROWS[kind].split("\n")
    cells = row.split(",")
    cells[head.split(",").index(column)] = " "
    path = tmp_path / f"{kind}.csv"
    path.write_text(f"{head}\n{row}\n{','.join(cells)}\n".replace("R9,", "R8,", 1), "utf-8")
    result = ingest(kind, path, store)
    assert result.rejected == 1, result.summary()
    got = rejects(tmp_path / f"{kind}.rejects.csv")
    assert list(got["row"]) == ["3"]
    assert got["reason"][0].startswith(f"{column} is empty; a value is required")


def test_an_outcome_empty_or_mapped_to_nothing_is_rejected_not_stored_empty(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "contacts.csv"
    rows = ["C1,2024-06-01,R0001,A1,call,talked", "C2,2024-06-01,R0001,A1,call,"]
    rows += ["C3,2024-06-01,R0001,A1,call,other"]
    path.write_text(ROWS["contacts"].split("\n")[0] + "\n" + "\n".join(rows) + "\n", "utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text('values: {outcome: {other: ""}}\n', encoding="utf-8")
    result = ingest("contacts", path, store, mapping=mapping)
    assert (result.added, result.rejected) == (1, 2)
    got = rejects(tmp_path / "contacts.rejects.csv")
    assert list(got["column"]) == ["outcome", "outcome"]
    assert all(r.startswith("outcome is empty") for r in got["reason"])
    with store.engine.connect() as conn:
        assert conn.execute(sql("select outcome from contacts")).scalars().all() == ["talked"]


SAMPLES = {
    "id": ["R0001", "A1", "", "x" * 65, "R\x00001", "李娜", "A2"],
    "optional_id": ["", "S1", "y" * 70],
    "long_id": ["ex-1", "", "z" * 161],
    "name": ["Li Na", "", "n" * 201],
    "version": ["v1", "", "v" * 33],
    "text": ["", "fine", "t" * 10_001],
    "grade": ["A", "b", "", "E"],
    "contact_type": ["call", "visit", "lunch", ""],
    "outcome": ["", "talked", "maybe"],
    "locale": ["zh", "en", "fr", ""],
    "tier": ["", "strategic", "minor"],
    "bool": ["1", "是", "maybe", ""],
    "fields": ["", "a;b", "a;;b", "a b"],
    "date": ["2024-03-05", "2024-3-5", "2024年3月5日", "1800-01-01", "", "2024-03-05"],
    "timestamp": ["2024-03-05T09:30:00+08:00", "2024-03-05 10:00", "soon", ""],
    "amount": ["5100", "1,5", "-3", "", "1,234.5"],
    "points": ["3", "-1", "x", ""],
    "max_points": ["5", "0", ""],
    "score": ["3", "6", "", "2.5"],
    "optional_score": ["", "4", "9"],
}
"""Good and bad text of each value type."""


@pytest.mark.parametrize("kind", ["reps", "accounts", "contacts", "deals", "attempts", "scores"])
def test_the_checks_report_what_pandera_reports_with_the_schema(kind: str) -> None:
    import pandera.pandas as pa

    from helpers.report.ingest.kinds import COLUMNS
    from helpers.report.ingest.values import build_schema, column_checks, failure_cases

    known = {"reps": pd.Index(["R0001"]), "accounts": pd.Index(["A1"])}
    n = 60
    frame = pd.DataFrame(
        {
            col: [SAMPLES[vtype][(i * (j + 2)) % len(SAMPLES[vtype])] for i in range(n)]
            for j, (col, vtype) in enumerate(COLUMNS[kind].items())
        },
        index=pd.RangeIndex(2, 2 + n),
        dtype=str,
    )
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        build_schema(kind, known=known).validate(frame, lazy=True)
    expected = caught.value.failure_cases[["index", "column", "check", "failure_case"]]
    found = failure_cases(column_checks(kind, known=known), frame)
    assert len(found) > n / 2
    pd.testing.assert_frame_equal(
        found.astype({"index": "int64"}).astype(str),
        expected.astype({"index": "int64"}).astype(str),
    )
