"""Reading and writing files people hand to the kit: text encodings, digests, whole writes.

CRM exports from Chinese systems come as UTF-8 (often with a BOM, as Excel
writes it) or GB18030; :func:`detect_encoding` tells which. Files the kit
writes for people (reports, exports, rejects) are written whole or not at
all: :func:`write_atomic` writes a temporary file beside the target and
renames it into place. Text that a spreadsheet would run as a formula is
neutralised first (:func:`spreadsheet_text`).
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pandas as pd

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")
"""The text encodings accepted, in the order they are tried."""
BLOCK = 1 << 22


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while block := fh.read(BLOCK):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str | None:
    """The first of :data:`ENCODINGS` that decodes the whole of ``path``, or None.

    Raises
    ------
    OSError
        If the file cannot be read.
    """
    for encoding in ENCODINGS:
        if _decodes(Path(path), encoding):
            return encoding
    return None


def digest_and_lines(path: Path) -> tuple[str, int]:
    """The SHA-256 of a file's bytes and its number of newline characters, in one pass."""
    sha, lines = hashlib.sha256(), 0
    with Path(path).open("rb") as fh:
        while block := fh.read(BLOCK):
            sha.update(block)
            lines += block.count(b"\n")
    return sha.hexdigest(), lines


def part_path(path: Path) -> Path:
    """The temporary name a file is written under before it is moved into place."""
    return path.with_name(f".{path.name}.part")


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` whole or not at all (creating its folder); return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = part_path(path)
    try:
        part.write_text(text, encoding=encoding)
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def spreadsheet_text(value: object) -> object:
    """``value``, with a ``'`` put before a text that a spreadsheet would run as a formula
    (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return); a
    spreadsheet shows the text as it is and hides the quote. Anything but text is unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe to open in a spreadsheet
    (:func:`spreadsheet_text`); numbers and dates are unchanged."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(spreadsheet_text)
    return out
