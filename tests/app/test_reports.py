"""The reports page's service: its default period, and reports kept while the data is unchanged."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from helpers.app.reports import ReportService, data_stamp
from helpers.report.params import ReportParameterError


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    svc = ReportService("sample", tmp_path_factory.mktemp("reports"))
    yield svc
    svc.close()


def test_default_period_is_the_last_full_month_with_data(service: ReportService) -> None:
    assert service.default_period() == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_a_bad_parameter_names_itself(service: ReportService) -> None:
    with pytest.raises(ReportParameterError) as err:
        service.params("T99", "2026-10-01", "2026-10-31", "en")
    assert "T99" in str(err.value)


def test_a_report_is_kept_until_the_data_changes(service: ReportService, tmp_path: Path) -> None:
    params = service.params("T04", "2026-10-01", "2026-10-31", "zh")
    first = asyncio.run(service.render(params))
    made = first.stat().st_mtime_ns
    again = asyncio.run(service.render(params))
    assert again == first and again.stat().st_mtime_ns == made
    assert "T04" in first.read_text(encoding="utf-8")


def test_the_data_stamp_follows_the_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    db.write_bytes(b"x")
    before = data_stamp(f"sqlite:///{db}")
    db.write_bytes(b"xy")
    assert data_stamp(f"sqlite:///{db}") != before
    assert data_stamp("postgresql+psycopg://u@h/db") is None
