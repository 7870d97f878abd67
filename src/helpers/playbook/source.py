"""Read a YAML content file, keeping the node tree so errors can name their line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from helpers.playbook.issues import say

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (ten times faster), else the pure-Python one."""


class _StrictLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A safe loader that refuses duplicate mapping keys instead of keeping the last."""

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        say("lint.source.duplicate_key", name=repr(key), line=seen[key] + 1),
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class SourceError(Exception):
    """A file that is not readable YAML.

    ``line`` is 1-based (0 when unknown); ``message`` is in the operator's language.
    """

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its data, its node tree and its content version."""

    path: Path
    data: Any
    node: Node | None

    @property
    def version(self) -> str:
        """A 12-hex-digit hash of the parsed content (comments and layout do not count)."""
        return content_hash(self.data)

    def locate(self, loc: Sequence[str | int]) -> tuple[int, str]:
        """Return the 1-based line and the readable field path for ``loc``."""
        return locate(self.node, loc)


def content_hash(data: Any) -> str:
    """Hash parsed YAML data canonically, so formatting edits keep the version."""
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def read_source(path: Path) -> Source:
    """Parse one YAML file.

    Raises
    ------
    SourceError
        If the file cannot be decoded or is not valid YAML, with the line of the fault.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        message = say("lint.source.not_utf8", reason=exc.reason, byte=exc.start)
        raise SourceError(message, 0) from exc
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise SourceError(say("lint.source.yaml_syntax", detail=what), line) from exc
    except yaml.YAMLError as exc:
        # a reader error (a control character) says where as a character position
        pos = getattr(exc, "position", None)
        line = text.count("\n", 0, pos) + 1 if isinstance(pos, int) else 0
        detail = str(exc).strip().splitlines()[0]
        raise SourceError(say("lint.source.yaml_error", detail=detail), line) from exc
    finally:
        loader.dispose()
    return Source(path=path, data=data, node=node)


def locate(node: Node | None, loc: Sequence[str | int]) -> tuple[int, str]:
    """Walk ``node`` along a pydantic-style ``loc``; return (line, dotted path).

    The line is that of the deepest node found; a missing key points at the
    mapping that should hold it.
    """
    line = node.start_mark.line + 1 if node is not None else 0
    path = ""
    cur = node
    for part in loc:
        if part == "[key]":
            continue
        nxt = None
        if isinstance(cur, MappingNode):
            for key_node, value_node in cur.value:
                if str(key_node.value) == str(part):
                    line = key_node.start_mark.line + 1
                    nxt = value_node
                    break
            path += ("." if path else "") + str(part)
        elif isinstance(cur, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(cur.value):
                nxt = cur.value[part]
                line = nxt.start_mark.line + 1
            path += f"[{part}]"
        else:
            path += f"[{part}]" if isinstance(part, int) else ("." if path else "") + str(part)
        cur = nxt
    return line, path
