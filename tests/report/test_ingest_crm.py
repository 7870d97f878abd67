"""A Chinese CRM's visit export, as an operator gets it, loads through a mapping unedited."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from helpers.report.ingest import ingest
from helpers.store import Store
from tests.fixtures.crm_export import SAMPLE, Export, write_export


@pytest.fixture
def export(tmp_path: Path) -> Export:
    return write_export(tmp_path)


@pytest.fixture
def store() -> Store:
    store = Store()
    ingest("reps", SAMPLE / "reps.csv", store)
    ingest("accounts", SAMPLE / "accounts.csv", store)
    return store


def stored(store: Store) -> list[tuple[str, ...]]:
    sql = "select date, rep_id, account_id, type, outcome from contacts"
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    return sorted((str(d)[:10], r, a, t, o) for d, r, a, t, o in rows)


@pytest.mark.parametrize(
    ("file", "mapping", "first"),
    [("csv", "mapping", 2), ("xlsx", "mapping", None), ("csv", "mapping_gbk", 2)],
)
def test_the_export_loads_every_good_row_and_rejects_the_rest_with_reasons(
    tmp_path: Path, export: Export, store: Store, file: str, mapping: str, first: int | None
) -> None:
    path = getattr(export, file)
    result = ingest("contacts", path, store, mapping=getattr(export, mapping))
    assert len(export.good) + len(export.bad) == 300
    assert (result.read, result.added, result.rejected) == (300, len(export.good), len(export.bad))
    good = [tuple(row.values()) for row in export.good]
    assert stored(store) == sorted(good)
    first = first or export.xlsx_first_row
    rejected = pd.read_csv(result.rejects_path, dtype=str, keep_default_na=False)
    expected = {first + i: bad for i, bad in export.bad.items()}
    assert [int(r) for r in rejected["row"]] == sorted(expected)
    for row, column, reason in zip(
        rejected["row"], rejected["column"], rejected["reason"], strict=True
    ):
        want_column, want_reason = expected[int(row)]
        assert column == want_column and reason.startswith(want_reason), (row, reason)
    again = ingest("contacts", path, store, mapping=getattr(export, mapping))
    assert (again.added, again.unchanged) == (0, len(export.good))


def test_the_csv_and_xlsx_versions_are_the_same_visits(export: Export, store: Store) -> None:
    first = ingest("contacts", export.csv, store, mapping=export.mapping)
    second = ingest("contacts", export.xlsx, store, mapping=export.mapping)
    assert first.added == len(export.good)
    assert (second.added, second.unchanged) == (0, len(export.good))
