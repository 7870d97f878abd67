"""Interface strings in Chinese and English, from ``locale/messages.yaml``.

Content lives in ``playbooks/``; this catalogue holds only the words around
it (headings, column names, short messages), so no Python module carries a
user-facing sentence in one language. Messages for whoever runs a command
(errors, status lines, rejects files) use :func:`operator_locale`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml
from pydantic import TypeAdapter

from helpers.playbook.models import Locale, Text

CATALOGUE = Path(__file__).parent / "locale" / "messages.yaml"


@cache
def catalogue(path: Path = CATALOGUE) -> dict[str, Text]:
    """Load and validate the message catalogue (cached)."""
    from helpers.yaml_cache import cached_yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built with it
    raw = cached_yaml(path, lambda p: yaml.load(p.read_text(encoding="utf-8"), Loader=loader))
    return TypeAdapter(dict[str, Text]).validate_python(raw)


def t(key: str, locale: Locale, **values: object) -> str:
    """Return message ``key`` in ``locale``, with ``{name}`` fields filled from ``values``.

    Raises
    ------
    KeyError
        If the catalogue has no such key.
    """
    messages = catalogue()
    if key not in messages:
        raise KeyError(f"no message {key!r} in {CATALOGUE.name}")
    text = messages[key].get(locale)
    return text.format(**values) if values else text


def operator_locale() -> Locale:
    """The language of messages for whoever runs the kit's commands.

    ``COACHKIT_LOCALE`` (``zh`` or ``en``) if set; otherwise the system locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: Chinese when it starts with ``zh``);
    English when nothing says otherwise.
    """
    chosen = os.environ.get("COACHKIT_LOCALE", "").strip().lower()
    if chosen in ("zh", "en"):
        return chosen  # type: ignore[return-value]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip().lower()
        if value:
            return "zh" if value.startswith("zh") else "en"
    return "en"


def say(key: str, **values: object) -> str:
    """Message ``key`` in the operator's language (:func:`operator_locale`)."""
    return t(key, operator_locale(), **values)
