"""Errors a person can fix, with a message in their language and the exit code that goes with it.

A :class:`KitError` carries a message key of ``locale/messages.yaml`` and its
values, so the message is rendered in the operator's language when shown
(``str(error)``, or :meth:`KitError.text` for another language). The
``coachkit`` command shows it as one line and exits with :attr:`exit_code`:
2 for a usage error (a bad option or parameter), 1 for bad data or a run that
failed.
"""

from __future__ import annotations

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
