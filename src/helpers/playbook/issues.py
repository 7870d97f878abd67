"""Problems found in playbook content, each pointing at a file, a line and a field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentIssue:
    """One problem in one content file.

    Attributes
    ----------
    file : Path
        The YAML file.
    line : int
        1-based line the problem points at (0 when the file cannot be read).
    field : str
        Dotted field path inside the document, e.g. ``criteria[2].anchors.6``.
    message : str
        What is wrong and what was expected.
    code : str
        A short stable category, e.g. ``yaml-syntax`` or ``dangling-ref``.
    """

    file: Path
    line: int
    field: str
    message: str
    code: str

    def format(self, root: Path | None = None) -> str:
        """Return ``file:line: field: message [code]``, the file relative to ``root``."""
        path = self.file
        if root is not None:
            try:
                path = self.file.resolve().relative_to(root.resolve())
            except ValueError:
                path = self.file
        where = f"{self.field}: " if self.field else ""
        return f"{path}:{self.line}: {where}{self.message} [{self.code}]"


class PlaybookError(Exception):
    """Raised when a playbook library has problems; ``issues`` lists all of them."""

    def __init__(self, issues: Sequence[ContentIssue], root: Path | None = None) -> None:
        self.issues = list(issues)
        lines = [i.format(root) for i in self.issues]
        super().__init__(f"{len(lines)} problem(s) in playbook content:\n" + "\n".join(lines))
