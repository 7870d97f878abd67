"""Reports for the app: one warm report kernel; each report kept until the data changes."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from helpers.report.params import (
    ReportParams,
    last_full_month,
    open_store,
    resolve_store,
    validate,
)
from helpers.report.runner import ReportRunner
from helpers.store import Store

log = logging.getLogger(__name__)


def data_stamp(url: str) -> str | None:
    """A fingerprint of a SQLite store's files (None for other databases: never reuse)."""
    if not url.startswith("sqlite:///"):
        return None
    db = Path(url.removeprefix("sqlite:///"))
    parts = []
    for path in (db, Path(f"{db}-wal")):
        if path.exists():
            st = path.stat()
            parts.append(f"{path.name}:{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts) or None


class ReportService:
    """Renders team reports for the reports page, one at a time, in a kernel kept warm.

    Parameters
    ----------
    store : str, optional
        ``sample``, a store URL, or None for the configured store.
    folder : Path
        Where rendered reports are kept (one file per team, period, language and data state).
    """

    def __init__(self, store: str | None, folder: Path) -> None:
        self.url = resolve_store(store)
        self.store: Store = open_store(self.url)
        self.folder = folder
        self.runner = ReportRunner()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coachkit-report")

    def warm(self) -> None:
        """Start the report kernel in the background and make one report with it.

        The first report a kernel makes pays for loading fonts and libraries;
        making the first team's report for the default period now means no
        manager waits for that (and that report is then ready at once).
        """
        self._pool.submit(self.runner.start)
        teams = self.teams()
        if teams:
            first, last = self.default_period()
            params = self.params(teams[0], first.isoformat(), last.isoformat(), "en")
            path = self.path_for(params)
            if not path.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                self._pool.submit(self._quietly, params, path)

    def _quietly(self, params: ReportParams, path: Path) -> None:
        try:
            self.runner.render(params, path)
        except Exception:  # a warm-up that fails leaves the real request to report it
            log.warning("warming the report kernel failed", exc_info=True)

    def teams(self) -> list[str]:
        """Every team in the store."""
        return self.store.teams()

    def default_period(self) -> tuple[dt.date, dt.date]:
        """The last full calendar month that holds any contact (last month when there is none)."""
        latest = self.store.last_contact_date()
        if latest is None:
            return last_full_month(dt.date.today())
        month_end = (latest.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if latest == month_end - dt.timedelta(days=1):
            return latest.replace(day=1), latest
        return last_full_month(latest)

    def params(self, team: str, start: str, end: str, locale: str) -> ReportParams:
        """Checked parameters (raises ``ReportParameterError`` naming the bad one)."""
        return validate(team, start, end, self.url, locale, self.teams)

    def path_for(self, params: ReportParams) -> Path:
        """Where the report for ``params`` is kept for the data as it is now."""
        stamp = data_stamp(self.url) or dt.datetime.now().isoformat()
        key = "|".join([params.team, str(params.start), str(params.end), params.locale, stamp])
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return self.folder / f"{digest}.html"

    async def render(self, params: ReportParams) -> Path:
        """The report's HTML file, rendered now unless it already exists for this data."""
        path = self.path_for(params)
        if path.exists():
            return path
        self.folder.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.runner.render, params, path)

    def close(self) -> None:
        """Stop the report kernel."""
        self._pool.submit(self.runner.close).result(timeout=30)
        self._pool.shutdown(wait=False)
