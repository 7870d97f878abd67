"""Reading and writing files people hand to the kit: text encodings, digests, whole writes.

CRM exports from Chinese systems come as UTF-8 (often with a BOM, as Excel
writes it) or GB18030; :func:`detect_encoding` tells which. Files the kit
writes for people (reports, exports, rejects) are written whole or not at
all: :func:`write_atomic` writes a temporary file beside the target and
renames it into place.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

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
