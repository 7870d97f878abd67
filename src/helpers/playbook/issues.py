"""Problems found in playbook content, each pointing at a file, a line and a field.

Every message is written in the operator's language (:func:`helpers.i18n.say`)
when the problem is found, from the ``lint.*`` keys of ``locale/messages.yaml``;
the code, file, line and field of a problem are the same in every language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


def say(key: str, **values: object) -> str:
    """Message ``key`` in the operator's language, as :func:`helpers.i18n.say` renders it.

    Imported when called: :mod:`helpers.i18n` loads the content models, which
    load this package, so importing it here first would be circular.
    """
    from helpers.i18n import say as render

    return render(key, **values)


def join_list(items: Iterable[str]) -> str:
    """Items separated as the operator's language separates them (``a, b`` or ``a、b``)."""
    joined: str | None = None
    for item in items:
        joined = item if joined is None else say("lint.list.more", items=joined, item=item)
    return joined or ""


def _join_last(items: Sequence[str], last_key: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return say(last_key, items=join_list(items[:-1]), last=items[-1])


def join_and(items: Sequence[str]) -> str:
    """Items as "a, b and c" (``a、b 和 c``) in the operator's language."""
    return _join_last(items, "lint.list.and")


def join_or(items: Sequence[str]) -> str:
    """Items as "a, b or c" (``a、b 或 c``) in the operator's language."""
    return _join_last(items, "lint.list.or")


def language_name(locale: str) -> str:
    """How lint messages name the language ``locale`` (``zh`` or ``en``), in the operator's."""
    return say("lint.language.zh") if locale == "zh" else say("lint.language.en")


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
        What is wrong and what was expected, in the operator's language.
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
        # a key may hold a line break or other control character: shown escaped, on one line
        field = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.field)
        where = f"{field}: " if field else ""
        return f"{path}:{self.line}: {where}{self.message} [{self.code}]"


class PlaybookError(Exception):
    """Raised when a playbook library has problems; ``issues`` lists all of them."""

    def __init__(self, issues: Sequence[ContentIssue], root: Path | None = None) -> None:
        self.issues = list(issues)
        lines = [i.format(root) for i in self.issues]
        head = say("lint.problems_in_content", n=len(lines))
        super().__init__(head + "\n" + "\n".join(lines))
