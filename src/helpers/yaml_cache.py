"""Parsed YAML kept as JSON, for readers that load the same files in every new process.

A report kernel parses the playbooks and the message catalogue each time it
starts, and YAML is slow to parse where JSON is not. The data of a file is kept
in the cache folder under a name made of the file's path, size and modification
time, so an edited file is parsed again. Only data that JSON gives back exactly
as YAML gave it is kept (never dates, never numbers as mapping keys); the
rest is parsed every time. The cache is data only: a damaged or foreign entry is
parsed again and replaced, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = "1"
"""Changes when what is kept changes, so older entries are not read."""


def cache_folder() -> Path:
    """Where parsed files are kept: ``cache/yaml`` in the kit's var folder."""
    from helpers.config import get_settings

    var = get_settings().var
    assert var is not None
    return var / "cache" / "yaml"


def _entry(path: Path) -> Path:
    stat = path.stat()
    key = f"{FORMAT}\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return cache_folder() / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"


def cached_yaml(path: Path, parse: Callable[[Path], Any]) -> Any:
    """The data of YAML file ``path``: from the cache when it holds this version of the file,
    otherwise ``parse(path)``, kept for next time when JSON can hold it exactly.

    Errors of ``parse`` are raised as they are; a cache that cannot be read or
    written is only skipped.
    """
    try:
        entry = _entry(path)
        text = entry.read_text(encoding="utf-8")
        found = json.loads(text)
        if isinstance(found, dict) and found.get("path") == str(path.resolve()):
            return found["data"]
    except (OSError, ValueError, KeyError):
        pass
    data = parse(path)
    _keep(path, data)
    return data


def _keep(path: Path, data: Any) -> None:
    try:
        text = json.dumps({"path": str(path.resolve()), "data": data}, ensure_ascii=False)
        if json.loads(text)["data"] != data:
            return  # numbers as keys, or values JSON does not hold alike
        entry = _entry(path)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".part")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, entry)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        return
