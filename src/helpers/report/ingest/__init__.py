"""Load CRM exports and the kit's own CSV files into the store (``coachkit ingest``).

A file is checked in two steps. Whole-file problems (unknown kind, unreadable
encoding, empty file, missing columns, an invalid mapping file) raise
:class:`IngestError` before anything is written. Then every row is validated
by the checks of a declarative pandera schema per kind (:func:`build_schema`),
run vectorised on each chunk (plus store checks: the rep or account a row
refers to must be stored, ids must not repeat in the file).
Good rows are written in one transaction; bad rows go to a rejects file with
their row number and the reason.

Conventions:

- Every cell is read as text, so ids such as ``007`` stay ``007``.
- CSV files are UTF-8 (with or without BOM), or GB18030 when they read as
  Chinese text, or in the encoding named (``--encoding``, the mapping's
  ``encoding``); ``.xlsx`` files are read from their first sheet unless
  another is named.
- Numbers take a comma only between thousands; a last line without a line
  end and with fewer fields than the header, or ending in a date that a digit
  more would keep a date, is rejected as cut short; ids are normalised (NFC,
  zero-width characters removed, space stripped).
- Dates: ``2026-03-05``, ``2026/3/5``, ``2026.3.5`` (month and day both with
  two digits or both without a leading zero), ``2026年3月5日``, each maybe
  followed by a time, and Excel date cells. ``DD/MM/YYYY`` is ambiguous and
  rejected unless the mapping file names a ``date_format``.
- An empty required value is a rejected row, never stored as empty text.
- Timestamps (``created_at``) are ISO 8601; one without a time zone is taken
  as UTC, or as the mapping file's ``timezone``.
- The header is found below title and blank rows (or given); row numbers are
  those a spreadsheet shows.
- Imported attempts get ``content_version`` ``import`` and locale ``zh``
  unless the file has those columns.
- A re-import of reps or accounts updates their changed columns and keeps the
  previous values in ``record_history``.
- Contacts and deals keyed by row number (1, 2, 3... in file order) are refused
  unless their ids are derived from each row's content (``id: derived``).
"""

from helpers.report.ingest.kinds import (
    COLUMNS,
    KEYS,
    KINDS,
    OPTIONAL,
    REFS,
    IngestError,
    IngestResult,
)
from helpers.report.ingest.load import ingest, ingest_folder
from helpers.report.ingest.mapping import Mapping, load_mapping
from helpers.report.ingest.source import CHUNK_ROWS, Source, prepare
from helpers.report.ingest.values import build_schema, parse_dates, parse_timestamps

__all__ = [
    "CHUNK_ROWS",
    "COLUMNS",
    "KEYS",
    "KINDS",
    "OPTIONAL",
    "REFS",
    "IngestError",
    "IngestResult",
    "Mapping",
    "Source",
    "build_schema",
    "ingest",
    "ingest_folder",
    "load_mapping",
    "parse_dates",
    "parse_timestamps",
    "prepare",
]
