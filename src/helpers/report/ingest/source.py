"""Reading a file: the whole-file checks, then raw text chunks with spreadsheet row numbers."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.files import decodes, detect_encoding, digest_and_lines
from helpers.report.ingest.ids import DERIVABLE, DERIVED
from helpers.report.ingest.kinds import COLUMNS, KEYS, KINDS, OPTIONAL, IngestError
from helpers.report.ingest.mapping import Mapping, codec_name, load_mapping
from helpers.store.roleplay import normalise_ids

CHUNK_ROWS = 100_000
"""Rows read, checked and written at a time: memory stays bounded by it."""
TAIL = 1 << 16
"""Bytes read from a CSV file's end to find its last line."""


@dataclass
class Source:
    """A file that passed the whole-file checks, ready to be read in chunks."""

    kind: str
    path: Path
    mapping: Mapping
    sha256: str
    header: list[str]
    rename: dict[str, str]
    rows: int
    encoding: str | None = None
    sheet: pd.DataFrame | None = None
    open_end: int | None = None
    """Fields in the last line when the file does not end with a line end (None if it does):
    such a line may have been cut short."""
    derive_id: bool = False
    """True: each row's id is derived from its content (contacts and deals only)."""

    def key_column(self) -> str | None:
        """The file's own name of the kind's id column, None if it has none or ids are
        derived."""
        if self.derive_id or self.kind not in DERIVABLE:
            return None
        key = KEYS[self.kind][0]
        return next((h for h in self.header if self.rename.get(h, h) == key), None)

    def supplies(self, column: str) -> bool:
        """True if the file has ``column`` (under its own or a mapped name) or the mapping
        gives it a default: its value then comes from the file, not from the kit."""
        kit = {self.rename.get(h, h) for h in self.header}
        return column in kit or column in self.mapping.defaults

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Raw text chunks, indexed by the row number a spreadsheet shows."""
        if self.sheet is not None:
            for start in range(0, len(self.sheet), CHUNK_ROWS):
                yield self.sheet.iloc[start : start + CHUNK_ROWS]
            return
        reader = pd.read_csv(
            self.path, encoding=self.encoding, dtype=str, na_filter=False,
            skip_blank_lines=False, chunksize=CHUNK_ROWS,
        )  # fmt: skip
        first = 2
        try:
            for chunk in reader:
                chunk.columns = self.header
                chunk.index = pd.RangeIndex(first, first + len(chunk))
                first += len(chunk)
                yield chunk
        except (pd.errors.ParserError, ValueError) as exc:
            msg = str(exc).strip().splitlines()[-1].removeprefix("Error tokenizing data. C error: ")
            raise IngestError("op.ingest.bad_csv", path=self.path, detail=msg) from exc

    def to_kit(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Rename, trim and map a raw chunk onto the kit's columns (all text)."""
        frame = raw.rename(columns=self.rename)
        out = pd.DataFrame(index=raw.index)
        defaults = {**OPTIONAL.get(self.kind, {}), **self.mapping.defaults}
        for col, vtype in COLUMNS[self.kind].items():
            if col not in frame:
                out[col] = defaults.get(col, "")
                continue
            s = pd.Series(list(map(str.strip, frame[col].tolist())), raw.index, dtype=str)
            if col in self.mapping.values:
                s = s.replace(self.mapping.values[col])
            if col in self.mapping.defaults:
                s = s.mask(s == "", self.mapping.defaults[col])
            if vtype in {"id", "optional_id", "long_id"}:
                s = pd.Series(normalise_ids(s.tolist()), raw.index, dtype=str)
            elif vtype in {"contact_type", "outcome", "locale", "tier"}:
                s = s.str.lower()
            elif vtype == "grade":
                s = s.str.upper()
            elif vtype == "fields":
                s = s.str.replace("；", ";").str.replace(r"\s*;\s*", ";", regex=True).str.strip(";")
            out[col] = s
        return out


def _read_sheet(path: Path, sheet: str | None) -> pd.DataFrame:
    """One sheet as text, indexed by sheet row number (the header is row 1)."""
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = [str(n) for n in book.sheet_names]
            name = sheet or names[0]
            if name not in names:
                raise IngestError(
                    "op.ingest.no_sheet", path=path, name=name, names=", ".join(names)
                )
            table = pd.read_excel(book, sheet_name=name, dtype=str, keep_default_na=False)
            table = table.fillna("")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError("op.ingest.bad_xlsx", path=path, detail=exc) from exc
    except pd.errors.EmptyDataError:
        table = pd.DataFrame()
    if table.columns.empty:
        raise IngestError("op.ingest.empty_sheet", path=path, name=name)
    table.index = pd.RangeIndex(2, 2 + len(table))
    return table


def _open_end(path: Path, encoding: str) -> int | None:
    """Fields in the last line of a CSV file that does not end with a line end, else None."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(size - TAIL, 0))
        tail = fh.read()
    if not tail or tail.endswith((b"\n", b"\r")) or b"\n" not in tail:
        return None  # ends with a line end, or a header alone (or a last line too long to check)
    line = tail.rsplit(b"\n", 1)[-1].decode(encoding, errors="replace")
    return len(next(csv.reader(io.StringIO(line)), [""]))


def _encoding(path: Path, declared: str | None) -> str:
    """The encoding to read a CSV file in: the one named (checked), or the one detected."""
    if declared is None:
        if (found := detect_encoding(path)) is None:
            raise IngestError("op.ingest.encoding", path=path)
        return found
    try:
        name = codec_name(declared)
    except LookupError:
        raise IngestError("op.ingest.unknown_encoding", path=path, encoding=declared) from None
    if not decodes(path, name):
        raise IngestError("op.ingest.wrong_encoding", path=path, encoding=declared)
    return name


def prepare(
    kind: str,
    path: Path,
    mapping: Path | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    derive_id: bool = False,
) -> Source:
    """Run the whole-file checks on ``path`` and return a source to read rows from.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    path : Path
        A ``.csv`` or ``.xlsx`` file.
    mapping : Path, optional
        A mapping file (see :func:`load_mapping`).
    sheet : str, optional
        Sheet of an ``.xlsx`` file; default the first.
    encoding : str, optional
        Text encoding of a CSV file; default the mapping's ``encoding``, else detected
        (UTF-8, or GB18030 when the file reads as Chinese text).
    derive_id : bool
        Derive contacts' and deals' ids from each row's content (as the mapping's
        ``id: derived``).

    Raises
    ------
    IngestError
        Unknown kind, missing or unreadable file, unknown encoding, empty file, missing
        columns, bad mapping, derived ids asked for a kind other than contacts and deals.
    """
    path = Path(path)
    if kind not in KINDS:
        raise IngestError(
            "op.ingest.unknown_kind", path=path, kind=repr(kind), kinds=", ".join(KINDS)
        )
    if not path.is_file():
        raise IngestError("op.no_file", path=path)
    rules = load_mapping(mapping) if mapping else Mapping()
    derive_id = derive_id or rules.id == DERIVED
    if derive_id and kind not in DERIVABLE:
        raise IngestError("op.ingest.derive_kind", path=path, kind=kind, kinds=", ".join(DERIVABLE))
    suffix = path.suffix.lower()
    table, open_end = None, None
    try:
        if suffix in {".xlsx", ".xlsm"}:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            table = _read_sheet(path, sheet)
            header, rows = list(table.columns), len(table)
        elif suffix == ".csv":
            encoding = _encoding(path, encoding or rules.encoding)
            digest, lines = digest_and_lines(path)
            rows = max(lines - 1, 0)  # for the progress bar only
            header = list(pd.read_csv(path, encoding=encoding, dtype=str, nrows=0).columns)
            open_end = _open_end(path, encoding)
        else:
            raise IngestError("op.ingest.not_csv", path=path)
    except pd.errors.EmptyDataError as exc:
        raise IngestError("op.empty_file", path=path) from exc
    except OSError as exc:
        raise IngestError("op.unreadable", path=path, why=exc.strerror) from exc
    header = [str(h).strip() for h in header]
    if not header or all(h.startswith("Unnamed:") for h in header):
        raise IngestError("op.empty_file", path=path)
    if table is not None:
        table.columns = header
    rename = {h: rules.columns[h] for h in header if h in rules.columns}
    kit = [rename.get(h, h) for h in header]
    if clash := sorted({c for c in kit if kit.count(c) > 1 and c in COLUMNS[kind]}):
        raise IngestError("op.ingest.clash", path=path, columns=", ".join(clash))
    present = set(kit) | set(rules.defaults) | set(OPTIONAL.get(kind, {}))
    if derive_id:
        present.add(KEYS[kind][0])
    if missing := [c for c in COLUMNS[kind] if c not in present]:
        key = "op.ingest.missing_columns" if mapping else "op.ingest.missing_columns_hint"
        raise IngestError(
            key, path=path, missing=", ".join(missing), kind=kind, found=", ".join(header)
        )
    return Source(
        kind, path, rules, digest, header, rename, rows, encoding, table, open_end, derive_id
    )
