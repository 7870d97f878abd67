"""Reading a file: the whole-file checks, then raw text chunks with spreadsheet row numbers."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
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
FIELD_LIMIT = (1 << 31) - 1
"""Largest cell the header search reads (the csv module's own limit is 128 KiB)."""
TAIL = 1 << 16
"""Bytes read from a CSV file's end to find its last line."""
HEADER_SEARCH = 20
"""Rows at the top of a file searched for its header."""


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
    last_value: str = ""
    """The last field of that line, as written."""
    derive_id: bool = False
    """True: each row's id is derived from its content (contacts and deals only)."""
    header_row: int = 1
    """Row number of the header, as a spreadsheet shows it; rows follow from the next."""

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
        first = start = self.header_row + 1
        try:
            reader = pd.read_csv(
                self.path, encoding=self.encoding, dtype=str, na_filter=False,
                skip_blank_lines=False, chunksize=CHUNK_ROWS, skiprows=self.header_row - 1,
            )  # fmt: skip
            for chunk in reader:
                if first == start and not isinstance(chunk.index, pd.RangeIndex):
                    # the first row has more fields than the header: pandas made an index of them
                    raise IngestError(
                        "op.ingest.extra_fields", path=self.path,
                        found=len(self.header) + chunk.index.nlevels, columns=len(self.header),
                    )  # fmt: skip
                chunk.columns = self.header
                chunk.index = pd.RangeIndex(first, first + len(chunk))
                first += len(chunk)
                yield chunk
        except IngestError:
            raise
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
    """One sheet as text, without a header, indexed by sheet row number (from 1)."""
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = [str(n) for n in book.sheet_names]
            if not names:
                raise IngestError("op.ingest.no_sheets", path=path)
            name = sheet or names[0]
            if name not in names:
                raise IngestError(
                    "op.ingest.no_sheet", path=path, name=name, names=", ".join(names)
                )
            table = pd.read_excel(
                book, sheet_name=name, header=None, dtype=str, keep_default_na=False
            )
            table = table.fillna("")
    except IngestError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError("op.ingest.bad_xlsx", path=path, detail=exc) from exc
    except pd.errors.EmptyDataError:
        table = pd.DataFrame()
    if table.empty:
        raise IngestError("op.ingest.empty_sheet", path=path, name=name)
    table.index = pd.RangeIndex(1, 1 + len(table))
    return table


def _top_rows(path: Path, encoding: str) -> list[list[str]]:
    """The first :data:`HEADER_SEARCH` rows of a CSV file, as text fields."""
    limit = csv.field_size_limit(FIELD_LIMIT)  # a huge cell is the row checks' to reject
    try:
        with path.open(encoding=encoding, newline="") as fh:
            return list(itertools.islice(csv.reader(fh), HEADER_SEARCH))
    except csv.Error as exc:
        raise IngestError("op.ingest.bad_csv", path=path, detail=exc) from exc
    finally:
        csv.field_size_limit(limit)


def find_header(rows: list[list[str]], wanted: set[str], rename: dict[str, str]) -> int:
    """Row number (from 1) of the header among a file's first rows.

    The first row holding every column in ``wanted`` (the kit's names, after ``rename``);
    failing that, the first row with as many non-empty cells as the fullest row.
    """
    rows = rows[:HEADER_SEARCH]
    for n, row in enumerate(rows, 1):
        names = {str(c).strip() for c in row}
        if wanted <= {rename.get(c, c) for c in names}:
            return n
    filled = [sum(bool(str(c).strip()) for c in row) for row in rows]
    return filled.index(max(filled)) + 1 if filled else 1


def _unique(names: list[str]) -> list[str]:
    """Header names as pandas reads them: ``Unnamed: i`` for empty ones, repeats numbered."""
    out: list[str] = []
    for i, name in enumerate(names):
        name = name.strip() or f"Unnamed: {i}"
        base, k = name, 0
        while name in out:
            k += 1
            name = f"{base}.{k}"
        out.append(name)
    return out


def _open_end(path: Path, encoding: str) -> tuple[int | None, str]:
    """Fields in the last line of a CSV file that does not end with a line end (else None),
    and the last of them."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(size - TAIL, 0))
        tail = fh.read()
    if not tail or tail.endswith((b"\n", b"\r")) or b"\n" not in tail:
        return None, ""  # ends with a line end, or a header alone (or a line too long to check)
    line = tail.rsplit(b"\n", 1)[-1].decode(encoding, errors="replace")
    fields = next(csv.reader(io.StringIO(line, newline="")), None) or [""]
    return len(fields), fields[-1].strip()


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
    header_row: int | None = None,
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
    header_row : int, optional
        Row number of the header (from 1); default the mapping's ``header_row``, else
        found by :func:`find_header` among the first rows.

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
    return open_source(kind, path, rules, sheet, encoding, derive_id, header_row, mapping)


def top_rows(path: Path, sheet: str | None = None, encoding: str | None = None) -> list[list[str]]:
    """The first :data:`HEADER_SEARCH` rows of a ``.csv`` or ``.xlsx`` file, as text cells.

    Raises
    ------
    IngestError
        If the file cannot be read as such (see :func:`prepare`).
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError("op.no_file", path=path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_sheet(path, sheet).head(HEADER_SEARCH).to_numpy().tolist()
    if path.suffix.lower() != ".csv":
        raise IngestError("op.ingest.not_csv", path=path)
    return _top_rows(path, _encoding(path, encoding))


def open_source(
    kind: str,
    path: Path,
    rules: Mapping,
    sheet: str | None = None,
    encoding: str | None = None,
    derive_id: bool = False,
    header_row: int | None = None,
    mapping: Path | None = None,
    complete: bool = True,
) -> Source:
    """:func:`prepare` with the mapping's rules given; ``mapping`` (the file they came from)
    only words a message. ``complete`` False: a file that lacks some of the kind's columns
    is not refused (to see what it holds)."""
    derive_id = derive_id or rules.id == DERIVED
    if derive_id and kind not in DERIVABLE:
        raise IngestError("op.ingest.derive_kind", path=path, kind=kind, kinds=", ".join(DERIVABLE))
    suffix = path.suffix.lower()
    table, open_end, last_value = None, None, ""
    header_row = header_row or rules.header_row
    wanted = set(COLUMNS[kind]) - set(rules.defaults) - set(OPTIONAL.get(kind, {}))
    if derive_id:
        wanted.discard(KEYS[kind][0])
    try:
        if suffix in {".xlsx", ".xlsm"}:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            cells = _read_sheet(path, sheet)
            top = cells.head(HEADER_SEARCH).to_numpy().tolist()
            header_row = header_row or find_header(top, wanted, rules.columns)
            if header_row > len(cells):
                raise pd.errors.EmptyDataError
            header = _unique([str(c) for c in cells.loc[header_row]])
            table = cells.loc[header_row + 1 :]
            rows = len(table)
        elif suffix == ".csv":
            encoding = _encoding(path, encoding or rules.encoding)
            digest, lines = digest_and_lines(path)
            header_row = header_row or find_header(_top_rows(path, encoding), wanted, rules.columns)
            rows = max(lines - header_row, 0)  # for the progress bar only
            # the header as written: nrows=0 would rename a repeated name (date, date.1)
            head = pd.read_csv(
                path, encoding=encoding, dtype=str, nrows=1, header=None, na_filter=False,
                skiprows=header_row - 1,
            ).iloc[0]  # fmt: skip
            header = [h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(head)]
            open_end, last_value = _open_end(path, encoding)
        else:
            raise IngestError("op.ingest.not_csv", path=path)
    except pd.errors.EmptyDataError as exc:
        raise IngestError("op.empty_file", path=path) from exc
    except pd.errors.ParserError as exc:
        msg = str(exc).strip().splitlines()[-1].removeprefix("Error tokenizing data. C error: ")
        raise IngestError("op.ingest.bad_csv", path=path, detail=msg) from exc
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
    if complete and (missing := [c for c in COLUMNS[kind] if c not in present]):
        key = "op.ingest.missing_columns" if mapping else "op.ingest.missing_columns_hint"
        raise IngestError(
            key, path=path, missing=", ".join(missing), kind=kind, found=", ".join(header),
            row=header_row,
        )  # fmt: skip
    return Source(
        kind, path, rules, digest, header, rename, rows, encoding, table, open_end, last_value,
        derive_id, header_row,
    )  # fmt: skip
