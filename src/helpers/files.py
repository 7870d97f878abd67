"""Reading and writing files people hand to the kit: text encodings, digests, whole writes.

CRM exports from Chinese systems come as UTF-8 (often with a BOM, as Excel
writes it) or GB18030; :func:`detect_encoding` tells which, and takes a file
for GB18030 only when it reads as Chinese text: Big5, Shift-JIS or Latin-1
bytes often decode as GB18030 too, into the wrong characters. Files the kit
writes for people (reports, exports, rejects) are written whole or not at
all: :func:`write_atomic` writes a temporary file beside the target and
renames it into place. Text that a spreadsheet would run as a formula is
neutralised first (:func:`spreadsheet_text`).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections import Counter
from pathlib import Path

import pandas as pd

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")
"""The text encodings recognised without being named, in the order they are tried."""
CHINESE_SHARE = 0.9
"""Share of a GB18030 file's non-ASCII characters that must be common Chinese characters or
CJK punctuation for the file to be taken as GB18030."""
BLOCK = 1 << 22
_ASCII = re.compile(r"[\x00-\x7f]+")


def _decodes(path: Path, encoding: str, chars: Counter[str] | None = None) -> bool:
    """True if the whole file decodes; ``chars`` counts the non-ASCII characters read."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while block := fh.read(BLOCK):
                text = decoder.decode(block)
                if chars is not None:
                    chars.update(_ASCII.sub("", text))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _chinese(char: str) -> bool:
    """A character of GB2312 (the common Chinese characters) other than kana, Greek or
    Cyrillic, or CJK or full-width punctuation."""
    code = ord(char)
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x2027:
        return True
    if not 0x4E00 <= code <= 0x9FFF:
        return False
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def looks_chinese(chars: Counter[str]) -> bool:
    """True if at least :data:`CHINESE_SHARE` of the characters counted are Chinese."""
    total = sum(chars.values())
    chinese = sum(n for char, n in chars.items() if _chinese(char))
    return total > 0 and chinese >= CHINESE_SHARE * total


def decodes(path: Path, encoding: str) -> bool:
    """True if the whole of ``path`` decodes in ``encoding``.

    Raises
    ------
    OSError
        If the file cannot be read.
    LookupError
        If Python knows no encoding of that name.
    """
    return _decodes(Path(path), encoding)


def detect_encoding(path: Path) -> str | None:
    """``utf-8-sig`` if the whole of ``path`` is UTF-8 (with or without BOM), ``gb18030`` if it
    decodes as GB18030 and reads as Chinese text (see :func:`looks_chinese`), else None.

    Raises
    ------
    OSError
        If the file cannot be read.
    """
    path = Path(path)
    if _decodes(path, "utf-8-sig"):
        return "utf-8-sig"
    chars: Counter[str] = Counter()
    if _decodes(path, "gb18030", chars) and looks_chinese(chars):
        return "gb18030"
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
    (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, other than a
    plain number such as ``-5``); a spreadsheet shows the text as it is and hides the quote.
    Anything but text is unchanged.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
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
