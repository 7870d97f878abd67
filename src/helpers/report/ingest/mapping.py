"""Mapping files: how a CRM export's columns and values map onto the kit's columns."""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PositiveInt,
    ValidationError,
    field_validator,
)

from helpers.i18n import say
from helpers.report.ingest.kinds import COLUMNS, IngestError


def _text(value: Any) -> Any:
    # YAML turns 是/yes/1/2024-01-01 into bools, ints and dates; mappings want text
    if value is None:
        return ""
    if isinstance(value, dict):
        return {_text(k): _text(v) for k, v in value.items()}
    return value if isinstance(value, str) else str(value)


_Text = Annotated[str, BeforeValidator(_text)]


class Mapping(BaseModel):
    """How a CRM export's columns and values map onto the kit's schema.

    Attributes
    ----------
    columns : dict
        CRM column name to kit column name.
    values : dict
        Kit column to ``{CRM value: kit value}``.
    date_format : str or list of str, optional
        ``strptime`` format (or formats, tried in order) tried first for dates, e.g.
        ``%d.%m.%Y``.
    defaults : dict
        Kit column to the value used when the column is absent or a cell is empty.
    timezone : str, optional
        Zone of timestamps written without one (default UTC).
    encoding : str, optional
        Text encoding of a CSV file (``big5``, ``shift_jis``, ``latin-1``...), for files
        that are neither UTF-8 nor GB18030 Chinese text.
    id : str, optional
        ``derived``: contacts and deals get an id derived from each row's content
        instead of the file's id column (which may then be absent); see data/README.md.
    header_row : int, optional
        Row number (as a spreadsheet shows it, from 1) of the header; default: found in the
        first rows of the file.
    """

    model_config = ConfigDict(extra="forbid")

    columns: dict[_Text, _Text] = {}
    values: dict[_Text, dict[_Text, _Text]] = {}
    date_format: str | list[str] | None = None
    defaults: dict[_Text, _Text] = {}
    timezone: str | None = None
    encoding: str | None = None
    id: Literal["derived"] | None = None
    header_row: PositiveInt | None = None

    @field_validator("date_format")
    @classmethod
    def _format(cls, value: str | list[str] | None) -> str | list[str] | None:
        for fmt in [value] if isinstance(value, str) else value or []:
            sample = datetime(2024, 3, 5, 9, 30, 15)
            try:
                ok = "%" in fmt and datetime.strptime(sample.strftime(fmt), fmt).date() == (
                    sample.date()
                )
            except ValueError:
                ok = False
            if not ok:
                raise ValueError(f"{fmt!r} is not a date format such as %d.%m.%Y")
        return value

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, value: str | None) -> str | None:
        try:
            return value if value is None else codec_name(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r}, e.g. big5 or latin-1") from None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        try:
            return value if value is None else str(ZoneInfo(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Shanghai") from None


def codec_name(encoding: str) -> str:
    """Python's name of a text encoding; UTF-8 as ``utf-8-sig``, so that a BOM is skipped.

    Raises
    ------
    LookupError
        If Python knows no such encoding.
    """
    name = codecs.lookup(encoding.strip()).name
    return "utf-8-sig" if name == "utf-8" else name


def _read_text(path: Path) -> str:
    """A mapping file's text: UTF-8 (with or without BOM), or GB18030 as Chinese Windows saves."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise IngestError("op.ingest.mapping_encoding", path=path) from exc


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file.

    Parameters
    ----------
    path : Path
        A YAML file with the keys of :class:`Mapping`.

    Returns
    -------
    Mapping
        The checked mapping; every key and value is text.

    Raises
    ------
    IngestError
        If the file is missing, is not YAML, has unknown keys or names unknown kit columns.
    """
    try:
        data = yaml.safe_load(_read_text(path)) or {}
        mapping = Mapping.model_validate(data)
    except OSError as exc:
        raise IngestError("op.ingest.mapping_unreadable", path=path, why=exc.strerror) from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        if line is None:
            raise IngestError("op.ingest.mapping_yaml", path=path) from exc
        raise IngestError("op.ingest.mapping_yaml_at", path=path, line=line + 1) from exc
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
            if err["type"] == "extra_forbidden":
                keys = ", ".join(Mapping.model_fields)
                problems.append(say("op.ingest.mapping_key", where=loc, keys=keys))
            else:
                problems.append(f"{loc}: {err['msg']}")
        raise IngestError(
            "op.ingest.mapping_invalid", path=path, problems="; ".join(problems)
        ) from exc
    known = {c for cols in COLUMNS.values() for c in cols}
    used = {*mapping.columns.values(), *mapping.values, *mapping.defaults}
    if unknown := sorted(used - known):
        raise IngestError("op.ingest.mapping_columns", path=path, columns=", ".join(unknown))
    return mapping
