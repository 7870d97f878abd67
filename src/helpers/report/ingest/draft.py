"""A draft mapping file guessed from a CRM export's header and values, for the operator to check."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml

from helpers.i18n import t
from helpers.report.ingest.ids import DERIVABLE, DERIVED
from helpers.report.ingest.kinds import COLUMNS, EVENT_KINDS, KEYS, KINDS, OPTIONAL, IngestError
from helpers.report.ingest.mapping import Mapping
from helpers.report.ingest.source import find_header, open_source, top_rows

ALLOWED = {
    "contact_type": ("call", "visit", "message", "meeting"),
    "outcome": ("talked", "no_answer", "appointment"),
    "grade": ("A", "B", "C", "D"),
    "tier": ("strategic", "important", "general"),
    "locale": ("zh", "en"),
    "event_kind": EVENT_KINDS,
}
"""The values of enumerated column types (as the schema checks them, after mapping)."""
TODO = "TODO"
"""Written where the kit cannot guess: the mapping then rejects those rows until fixed."""
VALUES_LISTED = 100
"""Distinct values listed per column, most frequent first."""


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-()（）\[\]【】:：]", "", str(name)).lower()


@cache
def synonyms() -> dict[str, dict[str, list[str]]]:
    """The synonyms table (``synonyms.yaml``): ``columns`` (kit column to header names) and
    ``values`` (kit column to ``{written value: kit value}``)."""
    text = files("helpers.report.ingest").joinpath("synonyms.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def guess_column(header: str, kind: str) -> str | None:
    """The kit column of ``kind`` that a header name means, or None."""
    wanted = _norm(header)
    if not wanted:
        return None
    for column in COLUMNS[kind]:
        names = [column, *synonyms()["columns"].get(column, [])]
        if any(_norm(n) == wanted for n in names):
            return column
    return None


def guess_value(column: str, value: str) -> str | None:
    """The kit value a CRM value of ``column`` means, or None."""
    table = {_norm(k): str(v) for k, v in synonyms()["values"].get(column, {}).items()}
    return table.get(_norm(value))


def _kit_value(vtype: str, value: str) -> str:
    # what Source.to_kit makes of a value before it is checked
    return value.upper() if vtype == "grade" else value.lower()


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML scalar


def _comment(key: str, indent: str = "", **values: object) -> list[str]:
    return [f"{indent}# {t(key, lang, **values)}" for lang in ("zh", "en")]


def draft_mapping(
    kind: str,
    path: Path,
    out: Path,
    sheet: str | None = None,
    encoding: str | None = None,
    header_row: int | None = None,
) -> Path:
    """Write a commented draft mapping file for ``path`` as a ``kind`` file.

    Header names found in :func:`synonyms` are mapped to the kit's columns; the distinct
    values of enumerated columns (type, outcome, grade, tier, locale, kind) are listed under
    ``values`` with the kit value where it can be guessed and ``TODO`` where not; the
    encoding and header row found are written; comments in Chinese and English say what
    to check.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    path : Path
        The CRM export (``.csv`` or ``.xlsx``).
    out : Path
        The mapping file to write; it must not exist.
    sheet, encoding, header_row
        As for :func:`~helpers.report.ingest.ingest`.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    IngestError
        If ``out`` exists or its folder does not, or the file cannot be read.
    """
    path, out = Path(path), Path(out)
    if kind not in KINDS:
        raise IngestError(
            "op.ingest.unknown_kind", path=path, kind=repr(kind), kinds=", ".join(KINDS)
        )
    if out.exists():
        raise IngestError("op.ingest.draft_exists", path=out)
    if not out.parent.is_dir():
        raise IngestError("op.no_folder", path=out.parent)
    top = top_rows(path, sheet, encoding)
    cells = {str(c).strip() for row in top for c in row}
    guesses = {c: col for c in cells if (col := guess_column(c, kind))}
    key = KEYS[kind][0]
    derive = kind in DERIVABLE and key not in guesses.values()
    wanted = set(COLUMNS[kind]) - set(OPTIONAL.get(kind, {})) - ({key} if derive else set())
    row = header_row or find_header(top, wanted, guesses)
    header = [str(c).strip() for c in top[row - 1]] if row <= len(top) else []
    columns: dict[str, str] = {}
    for name in header:
        if name in guesses and guesses[name] not in columns.values():
            columns[name] = guesses[name]
    rules = Mapping(columns=columns, header_row=row, id=DERIVED if derive else None)
    src = open_source(kind, path, rules, sheet, encoding, header_row=row, complete=False)
    enums = {
        h: c for h, c in src.rename.items() if COLUMNS[kind].get(c) in ALLOWED and h in src.header
    }
    seen: dict[str, Counter[str]] = {h: Counter() for h in enums}
    for raw in src.chunks():
        for h in enums:
            seen[h].update(v.strip() for v in raw[h].tolist() if v.strip())

    lines = _comment("op.draft.title", kind=kind, path=path.name)
    lines += _comment("op.draft.check")
    lines += _comment("op.draft.header_row", row=row)
    lines.append(f"header_row: {row}")
    if src.encoding:
        lines += _comment("op.draft.encoding")
        lines.append(f"encoding: {src.encoding.removesuffix('-sig')}")
    if derive:
        lines += _comment("op.draft.derived", column=key)
        lines.append(f"id: {DERIVED}")
    lines.append("columns:")
    for name in src.header:
        if name in columns:
            lines.append(f"  {_quote(name)}: {columns[name]}")
    for name in src.header:
        if name not in columns and not name.startswith("Unnamed:"):
            lines += _comment("op.draft.unused", "  ", name=name)
    missing = [c for c in COLUMNS[kind] if c not in columns.values()]
    missing = [c for c in missing if c not in OPTIONAL.get(kind, {}) and not (derive and c == key)]
    for column in missing:
        lines += _comment("op.draft.missing", "  ", column=column, todo=TODO)
    blocks = []
    for h, column in enums.items():
        vtype = COLUMNS[kind][column]
        entries = []
        for value, _n in seen[h].most_common(VALUES_LISTED):
            if _kit_value(vtype, value) in ALLOWED[vtype]:
                continue
            entries.append(f"    {_quote(value)}: {guess_value(column, value) or TODO}")
        if entries:
            blocks.append([f"  {column}:", *entries])
            blocks[-1][1:1] = _comment(
                "op.draft.values", "    ", column=column, values=", ".join(ALLOWED[vtype])
            )
    if blocks:
        lines += _comment("op.draft.values_todo", todo=TODO)
        lines.append("values:")
        for block in blocks:
            lines += block
    lines += _comment("op.draft.more")
    text = "\n".join(lines) + "\n"
    try:
        with out.open("x", encoding="utf-8") as fh:  # never overwrites
            fh.write(text)
    except FileExistsError:
        raise IngestError("op.ingest.draft_exists", path=out) from None
    return out
