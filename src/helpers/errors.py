"""Errors a person can fix, with a message in their language and the exit code that goes with it.

A :class:`KitError` carries a message key of ``locale/messages.yaml`` and its
values, so the message is rendered in the operator's language when shown
(``str(error)``, or :meth:`KitError.text` for another language). The
``coachkit`` command shows it as one line and exits with :attr:`exit_code`:
2 for a usage error (a bad option or parameter), 1 for bad data or a run that
failed.
"""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path

from helpers.i18n import operator_locale, t
from helpers.playbook.models import Locale

USAGE = 2
"""Exit code of a usage error: an option or parameter that cannot be used."""
FAILURE = 1
"""Exit code of bad data or a run that failed."""


class KitError(Exception):
    """An error with a message for people: a catalogue key and the values it names.

    Parameters
    ----------
    key : str
        A key of ``locale/messages.yaml``.
    **values
        The values the message names (file, row, field, what was found).
    """

    exit_code: int = FAILURE

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key)

    def text(self, locale: Locale | None = None) -> str:
        """The message in ``locale`` (default: the operator's language)."""
        return t(self.key, locale or operator_locale(), **self.values)

    def __str__(self) -> str:
        return self.text()


class UsageError(KitError):
    """An option or parameter that cannot be used; nothing was run."""

    exit_code = USAGE


class DataError(KitError, ValueError):
    """Input data (a file, a store) that cannot be used as it is."""

    exit_code = FAILURE


def log_unexpected(exc: BaseException) -> Path | None:
    """Keep the details of an unexpected failure in ``var/coachkit.log`` for whoever fixes it.

    Returns the log's path, or None when it could not be written (the log is a
    courtesy: failing to write it must never hide the error itself).
    """
    from helpers.config import get_settings

    try:
        var = get_settings().var
        assert var is not None
        var.mkdir(parents=True, exist_ok=True)
        path = var / "coachkit.log"
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp}\n")
            fh.write("".join(traceback.format_exception(exc)))
        return path
    except Exception:
        return None
